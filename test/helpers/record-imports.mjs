// Preloaded with --import: appends every module URL the process loads to $UPTO_IMPORTS_LOG.
import { register } from 'node:module'

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      import { appendFileSync } from 'node:fs'
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context)
        appendFileSync(process.env.UPTO_IMPORTS_LOG, result.url + '\\n')
        return result
      }`),
)
