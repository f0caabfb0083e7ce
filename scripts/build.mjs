// Builds the JavaScript that bin/upto runs: one small entry for the client path, with the collector,
// the renderers and their libraries in chunks that load only when a command needs them.
// The new build is swapped in whole, so a running bin/upto never sees half of one.
import { build } from 'esbuild'
import { renameSync, rmSync } from 'node:fs'

const dist = new URL('../dist', import.meta.url)
const fresh = new URL(`../dist.${process.pid}`, import.meta.url)
const stale = new URL(`../dist.${process.pid}.old`, import.meta.url)

await build({
  entryPoints: { upto: 'src/cli/main.ts' },
  outdir: fresh.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Loaded from node_modules, and only by the commands that need them.
  external: ['level', 'classic-level', 'hono', '@hono/node-server', 'chalk', 'pg'],
  // commander is CommonJS: its require() calls of node builtins need a real require in ESM output.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
})

try {
  renameSync(dist, stale)
} catch {}
renameSync(fresh, dist)
rmSync(stale, { recursive: true, force: true })
