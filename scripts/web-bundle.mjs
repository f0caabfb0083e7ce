// Bundles the pages' browser script (src/facets/timelines/web/main.ts) into one small IIFE string. Used by build.mjs
// (which inlines it into dist/) and, when the collector runs from source, by src/facets/timelines/web-script.ts.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

export async function bundleWebScript() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/facets/timelines/web/main.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  })
  const file = result.outputFiles[0]
  if (file === undefined) throw new Error('web-bundle: esbuild wrote no output')
  return file.text
}
