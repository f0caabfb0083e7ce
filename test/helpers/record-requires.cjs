// Preloaded with --require: appends every module the process loads to $UPTO_IMPORTS_LOG, as a URL
// (node:dgram, file:///...), whether it is required (CommonJS) or imported (ES modules), and at exit every
// public node module loaded inside node itself (dgram loading cluster, say), from process.moduleLoadList.
const { appendFileSync } = require('node:fs')
const Module = require('node:module')
const { pathToFileURL } = require('node:url')

const log = (url) => appendFileSync(process.env.UPTO_IMPORTS_LOG, `${url}\n`)
process.on('exit', () => {
  for (const entry of process.moduleLoadList) {
    if (ownLoads.has(entry)) continue
    const name = /^NativeModule (?!internal\/)(.+)$/.exec(entry)?.[1]
    if (name !== undefined) log(`node:${name}`)
  }
})
const load = Module._load
Module._load = function (request, parent, isMain) {
  const builtin = Module.isBuiltin(request)
  log(builtin ? (request.startsWith('node:') ? request : `node:${request}`) : pathToFileURL(Module._resolveFilename(request, parent, isMain)).href)
  return load.apply(this, arguments)
}
Module.register(
  'data:text/javascript,' +
    encodeURIComponent(`
      import { appendFileSync } from 'node:fs'
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context)
        appendFileSync(process.env.UPTO_IMPORTS_LOG, result.url + '\\n')
        return result
      }`),
)
// what node had loaded before the program, and for this recorder itself
const ownLoads = new Set(process.moduleLoadList)
