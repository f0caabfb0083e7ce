// Preloaded with --require: appends every module the process loads to $UPTO_IMPORTS_LOG, as a URL
// (node:dgram, file:///...), whether it is required (CommonJS) or imported (ES modules).
const { appendFileSync } = require('node:fs')
const Module = require('node:module')
const { pathToFileURL } = require('node:url')

const log = (url) => appendFileSync(process.env.UPTO_IMPORTS_LOG, `${url}\n`)
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
