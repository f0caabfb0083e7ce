// Benchmarks run the product's code as the product runs it: bundled by esbuild for plain node (no tsx
// loader thread, no keepNames wrappers), packages left in node_modules, and the pages' browser script inlined,
// as scripts/build.mjs does.

import { build } from 'esbuild'
import { basename, isAbsolute, join, parse } from 'node:path'
import { pathToFileURL } from 'node:url'
import { benchDir, cachePath, root } from './paths.ts'

const built = new Map<string, Promise<string>>()
let webScript: Promise<string> | undefined

/** Loaded by path, not bundled: this file runs bundled too, and web-bundle.mjs finds the browser script from where it lies. */
async function bundleWebScript(): Promise<string> {
  const helper = pathToFileURL(join(root, 'scripts', 'web-bundle.mjs')).href
  return ((await import(helper)) as typeof import('../../web-bundle.mjs')).bundleWebScript()
}

/** Bundles `scripts/bench/<entry>.ts`, or the .ts file at an absolute path (once per process); the .mjs to run. */
export function bundle(entry: string): Promise<string> {
  let done = built.get(entry)
  if (done === undefined) {
    done = bundleNow(entry)
    built.set(entry, done)
  }
  return done
}

async function bundleNow(entry: string): Promise<string> {
  const source = isAbsolute(entry) ? entry : join(benchDir, `${entry}.ts`)
  const name = isAbsolute(entry) ? `file--${parse(entry).name}` : entry.replaceAll('/', '--')
  const outfile = cachePath('bundles', `${name}.mjs`)
  await build({
    absWorkingDir: root,
    entryPoints: [source],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    define: { UPTO_WEB_SCRIPT: JSON.stringify(await (webScript ??= bundleWebScript())) },
    banner: { js: `// bundled from scripts/bench/${basename(entry)}.ts: do not edit` },
  })
  return outfile
}
