// Builds the JavaScript that bin/upto runs:
// - dist/upto.cjs: the client fast path (upto start|end|mark|new|run) in one small file, no commander;
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

/** The fast path reaches the full program through its built file, never by bundling it. */
const programIsSeparate = {
  name: 'program-is-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\/program\.ts$/ }, () => ({ path: './program.js', external: true }))
  },
}

// CommonJS, which Node loads faster than an ES module (no module loader to start). `upto run` is bundled
// in lazily: in CommonJS its require() of child_process runs only when `upto run` does.
await build({
  ...common,
  banner: {},
  format: 'cjs',
  entryPoints: { upto: 'src/cli/main.ts' },
  outExtension: { '.js': '.cjs' },
  outdir: fresh.pathname,
  plugins: [programIsSeparate],
})
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
