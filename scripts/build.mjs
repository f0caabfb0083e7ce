// Builds the JavaScript that bin/upto runs:
// - dist/upto.cjs: the client fast path (upto start|end|mark|new|run) in one small file, no commander, and
//   dist/upto.cjs.cache, V8's code cache of it (scripts/code-cache.cjs);
// - dist/program.js: every other command, with the collector, the renderers and their libraries in
//   chunks that load only when a command needs them. The web pages' browser script (src/facets/timelines/web/) is
//   bundled first and inlined into the collector's code as a string (UPTO_WEB_SCRIPT).
// - dist/lib/: what a program imports from the package (`upto/graph-context`), with its types (under
//   dist/lib/codecs/, as the sources are laid out).
// The new build is swapped in whole, so a running bin/upto never sees half of one.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { readFileSync, renameSync, rmSync } from 'node:fs'
import { bundleWebScript } from './web-bundle.mjs'

const dist = new URL('../dist', import.meta.url)
const fresh = new URL(`../dist.${process.pid}`, import.meta.url)
const stale = new URL(`../dist.${process.pid}.old`, import.meta.url)

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

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

// CommonJS, which Node loads faster than an ES module (no module loader to start), as one function
// expression of CommonJS's five arguments: bin/upto compiles it with node:vm, which takes a code cache.
// `upto run` is bundled in lazily: its require() of child_process runs only when `upto run` does.
await build({
  ...common,
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  format: 'cjs',
  supported: { 'dynamic-import': false }, // import('node:os') becomes require(): vm.Script takes no import()
  entryPoints: { upto: 'src/main.ts' },
  outExtension: { '.js': '.cjs' },
  outdir: fresh.pathname,
})
try {
  execFileSync(process.execPath, [new URL('code-cache.cjs', import.meta.url).pathname, fresh.pathname, dist.pathname], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '' },
  })
} catch {
  console.warn('build: no code cache for dist/upto.cjs (see above); bin/upto works without it, only slower to start')
}
await build({
  ...common,
  // the drawing thread's file, named relative to the chunk that starts it (src/facets/timelines/draw/draw-thread.ts)
  define: { UPTO_WEB_SCRIPT: JSON.stringify(await bundleWebScript()), UPTO_VERSION: JSON.stringify(version), UPTO_DRAW_THREAD: '"../draw-thread.js"' },
  entryPoints: { program: 'src/program.ts', 'draw-thread': 'src/facets/timelines/draw/thread.ts' },
  outdir: fresh.pathname,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
})
// the library: plain ES modules, their declarations from the compiler
const library = { 'graph-context': 'src/codecs/graph-context.ts' }
await build({ ...common, banner: {}, entryPoints: library, outdir: new URL('lib', `${fresh.href}/`).pathname })
execFileSync(process.execPath, [new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname,
  '--declaration', '--emitDeclarationOnly', '--allowImportingTsExtensions', '--skipLibCheck', '--strict',
  '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--types', 'node',
  '--outDir', new URL('lib', `${fresh.href}/`).pathname, ...Object.values(library)], { stdio: 'inherit' })

try {
  renameSync(dist, stale)
} catch {}
renameSync(fresh, dist)
rmSync(stale, { recursive: true, force: true })
