// Benchmarks run the product's code as the product runs it: bundled by esbuild for plain node (no tsx
// loader thread, no keepNames wrappers), packages left in node_modules, as scripts/build.mjs does.

import { build } from 'esbuild'
import { basename, join } from 'node:path'
import { benchDir, cachePath, root } from './paths.ts'

const built = new Map<string, Promise<string>>()

/** Bundles `scripts/bench/<entry>.ts` (once per process) and returns the path of the .mjs to run. */
export function bundle(entry: string): Promise<string> {
  let done = built.get(entry)
  if (done === undefined) {
    done = bundleNow(entry)
    built.set(entry, done)
  }
  return done
}

async function bundleNow(entry: string): Promise<string> {
  const outfile = cachePath('bundles', `${entry.replaceAll('/', '--')}.mjs`)
  await build({
    absWorkingDir: root,
    entryPoints: [join(benchDir, `${entry}.ts`)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    banner: { js: `// bundled from scripts/bench/${basename(entry)}.ts: do not edit` },
  })
  return outfile
}
