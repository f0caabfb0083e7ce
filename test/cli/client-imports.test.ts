import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

const root = fileURLToPath(new URL('../..', import.meta.url))

function importsOf(...argv: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'upto-imports-'))
  const log = join(dir, 'imports.log')
  try {
    execFileSync(process.execPath, ['--require', './test/helpers/record-requires.cjs', 'bin/upto.cjs', ...argv], {
      cwd: root,
      env: { ...process.env, UPTO_IMPORTS_LOG: log, UPTO_SERVER: '' },
      stdio: 'pipe',
    })
    return readFileSync(log, 'utf8').trim().split('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('the client path runs built JavaScript and loads no store, server, renderer or colour library', () => {
  const urls = importsOf('start', 'deploy', 'db.migrate', '--rp', '9')
  const packages = urls.filter((url) => url.includes('/node_modules/'))
  assert.deepEqual(packages, [], 'no package is loaded from node_modules: the client bundle is self-contained')
  const ownFiles = urls.filter((url) => url.startsWith('file:')).map((url) => relative(root, fileURLToPath(url)))
  // bin/upto.cjs compiles dist/upto.cjs itself (node:vm, with its code cache): it is read, not required
  assert.deepEqual([...new Set(ownFiles)], ['bin/upto.cjs'], 'no commander, no chunk of the collector or the renderers')
})

test('the viewing commands load their renderers only when run', () => {
  const urls = importsOf('gantt', '--help')
  assert.ok(!urls.some((url) => url.includes('chalk')), 'help for gantt does not load chalk')
})

const unneeded = ['node:child_process', 'node:string_decoder', 'node:net', 'node:os', 'node:dns', 'node:dgram', 'node:cluster', 'node:stream']

test("upto start loads none of node's modules that it does not need (net, dgram, cluster, dns, os, child_process)", () => {
  const urls = importsOf('start', 'deploy', 'db.migrate', '--rp', '9')
  for (const module of unneeded) assert.ok(!urls.includes(module), `${module} is not loaded`)
})

test('upto run takes the client path, and starts its command without child_process, net or streams', () => {
  const urls = importsOf('run', 'ci', 'step', '--rp', '9', '--', 'true')
  assert.deepEqual(urls.filter((url) => url.includes('/node_modules/')), [])
  const own = urls.filter((url) => url.startsWith('file:')).map((url) => relative(root, fileURLToPath(url)))
  assert.deepEqual([...new Set(own)], ['bin/upto.cjs'], 'no commander, no chunk of the collector or the renderers')
  // the tail of the command's stderr is decoded with string_decoder
  for (const module of unneeded.filter((name) => name !== 'node:string_decoder')) assert.ok(!urls.includes(module), `${module} is not loaded`)
})

test('the build leaves a code cache of the client bundle that this Node accepts', () => {
  const file = join(root, 'dist', 'upto.cjs')
  const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData: readFileSync(`${file}.cache`) })
  assert.equal(script.cachedDataRejected, false)
})
