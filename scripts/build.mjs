// Builds the JavaScript that bin/upto runs:
// - dist/upto.js: the client fast path (upto start|end|mark|new) in one small file, no commander,
//   and dist/run.js beside it for `upto run`;
// - dist/program.js: every other command, with the collector, the renderers and their libraries in
//   chunks that load only when a command needs them. The web pages' browser script (src/web/) is
//   bundled first and inlined into the collector's code as a string (UPTO_WEB_SCRIPT).
// The new build is swapped in whole, so a running bin/upto never sees half of one.
import { build } from 'esbuild'
import { renameSync, rmSync } from 'node:fs'
import { bundleWebScript } from './web-bundle.mjs'

const dist = new URL('../dist', import.meta.url)
const fresh = new URL(`../dist.${process.pid}`, import.meta.url)
const stale = new URL(`../dist.${process.pid}.old`, import.meta.url)

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Loaded from node_modules, and only by the commands that need them.
  external: ['level', 'classic-level', 'hono', '@hono/node-server', 'chalk', 'pg'],
  // commander is CommonJS: its require() calls of node builtins need a real require in ESM output.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
}

/**
 * The fast path reaches the full program and `upto run` through their own built files, never by bundling
 * them: an ESM bundle hoists every import of node's modules, and `upto start` must not pay for those of `run`.
 */
const separate = {
  name: 'separate-entries',
  setup(build) {
    build.onResolve({ filter: /^\.\/program\.ts$/ }, () => ({ path: './program.js', external: true }))
    build.onResolve({ filter: /^\.\/commands\/run\.ts$/ }, () => ({ path: './run.js', external: true }))
  },
}

// No banner: the fast path bundles no CommonJS.
const fastPath = { ...common, banner: {}, outdir: fresh.pathname, plugins: [separate] }
await build({ ...fastPath, entryPoints: { upto: 'src/cli/main.ts' } })
await build({ ...fastPath, entryPoints: { run: 'src/cli/commands/run.ts' } })
await build({
  ...common,
  define: { UPTO_WEB_SCRIPT: JSON.stringify(await bundleWebScript()) },
  entryPoints: { program: 'src/cli/program.ts' },
  outdir: fresh.pathname,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
})

try {
  renameSync(dist, stale)
} catch {}
renameSync(fresh, dist)
rmSync(stale, { recursive: true, force: true })
