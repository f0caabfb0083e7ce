// Benchmarks run the product's code as the product runs it: bundled by esbuild for plain node (no tsx
// loader thread, no keepNames wrappers), packages left in node_modules, and the pages' browser script inlined,
// as scripts/build.mjs does.

import { type Plugin, build } from 'esbuild'
import { basename, isAbsolute, join, parse, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { benchDir, cachePath, root } from './paths.ts'

const built = new Map<string, Promise<string>>()
let webScript: Promise<string> | undefined
let drawThread: Promise<unknown> | undefined

/** The collector's drawing thread, beside the bundles that start it (they name it: UPTO_DRAW_THREAD). */
const drawThreadFile = 'draw-thread.mjs'

/** Loaded by path, not bundled: this file runs bundled too, and web-bundle.mjs finds the browser script from where it lies. */
async function bundleWebScript(): Promise<string> {
  const helper = pathToFileURL(join(root, 'scripts', 'web-bundle.mjs')).href
  return ((await import(helper)) as typeof import('../../web-bundle.mjs')).bundleWebScript()
}

/**
 * A second build of the same code with some files put in the place of others (paths from the repository's
 * root): how a benchmark weighs one implementation against another without a switch in the product.
 */
export interface Variant {
  /** Names the bundle file. */
  name: string
  replace: Record<string, string>
}

/** Bundles `scripts/bench/<entry>.ts`, or the .ts file at an absolute path (once per process); the .mjs to run. */
export function bundle(entry: string, variant?: Variant): Promise<string> {
  const id = variant === undefined ? entry : `${entry} ${variant.name}`
  let done = built.get(id)
  if (done === undefined) {
    done = bundleNow(entry, variant)
    built.set(id, done)
  }
  return done
}

/**
 * Resolves each replaced file to its replacement, wherever it is imported from. A file that was never met
 * fails the build: a variant that replaced nothing would be measured as the product itself.
 */
function replacing(variant: Variant): Plugin {
  const to = new Map(Object.entries(variant.replace).map(([from, by]) => [resolve(root, from), resolve(root, by)]))
  const names = [...to.keys()].map((path) => basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return {
    name: 'replace',
    setup(b) {
      const met = new Set<string>()
      b.onResolve({ filter: new RegExp(`(^|/)(${names.join('|')})$`) }, (args) => {
        const from = resolve(args.resolveDir, args.path)
        const by = to.get(from)
        if (by === undefined) return undefined
        met.add(from)
        return { path: by }
      })
      b.onEnd(() => {
        const missed = [...to.keys()].filter((from) => !met.has(from))
        return { errors: missed.map((from) => ({ text: `variant ${variant.name}: nothing imports ${from}` })) }
      })
    },
  }
}

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
} as const

async function bundleNow(entry: string, variant?: Variant): Promise<string> {
  await (drawThread ??= build({
    ...common,
    entryPoints: [join(root, 'src', 'facets', 'timelines', 'draw', 'thread.ts')],
    outfile: cachePath('bundles', drawThreadFile),
    banner: { js: '// bundled from src/facets/timelines/draw/thread.ts: do not edit' },
  }))
  const source = isAbsolute(entry) ? entry : join(benchDir, `${entry}.ts`)
  const name = (isAbsolute(entry) ? `file--${parse(entry).name}` : entry.replaceAll('/', '--')) +
    (variant === undefined ? '' : `--${variant.name}`)
  const outfile = cachePath('bundles', `${name}.mjs`)
  await build({
    ...common,
    entryPoints: [source],
    outfile,
    define: { UPTO_WEB_SCRIPT: JSON.stringify(await (webScript ??= bundleWebScript())), UPTO_DRAW_THREAD: JSON.stringify(`./${drawThreadFile}`) },
    plugins: variant === undefined ? [] : [replacing(variant)],
    banner: { js: `// bundled from scripts/bench/${basename(entry)}.ts: do not edit` },
  })
  return outfile
}
