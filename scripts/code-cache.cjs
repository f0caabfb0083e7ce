// Makes dist/upto.cjs.cache, V8's code cache of the client bundle, for bin/upto to compile it with. The bundle
// first runs each client path once (upto start, upto run) against a UDP socket of this script, so that the
// cache holds the functions a client call runs, not only the bundle's top level. Run by build.mjs, with no
// node flags (V8 refuses a cache made under other flags), on the folder of the new build and the folder it
// becomes: V8 keeps the file name of the compile that made the cache, for stack traces.
'use strict'
const { createSocket } = require('node:dgram')
const { readFileSync, writeFileSync } = require('node:fs')
const { join } = require('node:path')
const { Script } = require('node:vm')

const [dir, finalDir] = process.argv.slice(2)
const file = join(dir, 'upto.cjs')
const script = new Script(readFileSync(file, 'utf8'), { filename: join(finalDir, 'upto.cjs') })
const bundle = script.runInThisContext()

const sink = createSocket('udp4')
let received = 0
sink.on('message', () => received++)
sink.bind(0, '127.0.0.1', async () => {
  process.env.UPTO_SERVER = `127.0.0.1:${sink.address().port}`
  const calls = [
    ['start', 'build', 'code-cache'],
    ['run', 'build', 'code-cache', '--', process.execPath, '-e', '0'],
  ]
  for (const argv of calls) {
    const module = { exports: {} }
    bundle(module.exports, require, module, file, dir)
    const code = await module.exports.main(argv, () => Promise.reject(new Error('not a client call')))
    if (code !== 0) throw new Error(`upto ${argv.join(' ')} exited ${code} while making the code cache`)
  }
  await new Promise((resolve) => setTimeout(resolve, 20))
  sink.close()
  if (received < 3) throw new Error(`the client paths sent ${received} of 3 datagrams while making the code cache`)
  writeFileSync(`${file}.cache`, script.createCachedData())
})
