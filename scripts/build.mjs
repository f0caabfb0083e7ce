// Builds the JavaScript that bin/upto runs: one small entry for the client path, with the collector,
// the renderers and their libraries in chunks that load only when a command needs them.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })

await build({
  entryPoints: { upto: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Loaded from node_modules, and only by the commands that need them.
  external: ['level', 'classic-level', 'hono', '@hono/node-server', 'chalk'],
  // commander is CommonJS: its require() calls of node builtins need a real require in ESM output.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
})
