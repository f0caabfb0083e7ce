#!/usr/bin/env node
// `upto` on Node: bin/upto hands here whatever its shell client does not send itself. The client fast path,
// dist/upto.cjs, is compiled here with the V8 code cache the build made beside it (scripts/build.mjs): parsing and compiling it anew would cost every client call in a CI step ~3 ms. V8 uses
// the cache only when it was made by this Node with these flags; the build writes the two files together.
// Every other command loads the full program, dist/program.js.
'use strict'
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { Script } = require('node:vm')

const dir = join(__dirname, '..', 'dist')
const file = join(dir, 'upto.cjs')
const read = (path, encoding) => {
  try {
    return readFileSync(path, encoding)
  } catch {
    return undefined
  }
}

const source = read(file, 'utf8')
if (source === undefined) {
  process.stderr.write(`upto: ${file} is missing: run \`npm run build\` in ${join(__dirname, '..')} (npm ci does it too)\n`)
  process.exit(1)
}
const bundle = new Script(source, { filename: file, cachedData: read(`${file}.cache`) }).runInThisContext()
const client = { exports: {} }
bundle(client.exports, require, client, file, dir)
client.exports.main(process.argv.slice(2), () => import('../dist/program.js')).then((code) => {
  process.exitCode = code
})
