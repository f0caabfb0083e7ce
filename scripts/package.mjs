// npm run package: upto as one file for this machine's platform, dist/upto-<platform>-<arch> — a Node single
// executable application (node --experimental-sea-config, then postject): the client as its main script, with
// V8's code cache; the collector, the renderers and the web pages as one bundle among its assets, compiled when
// a command needs them (src/single-executable.ts); and classic-level's native addon as an asset that
// src/cli/native-addon.ts writes to a private cache folder on first use. Needs no Node where it runs.
// UPTO_PACKAGE_OUT names another output file (the tests build one in a temporary folder).
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleWebScript } from './web-bundle.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const output = process.env.UPTO_PACKAGE_OUT ?? join(root, 'dist', `upto-${process.platform}-${process.arch}`)
const addonAsset = 'classic-level.node'

// the addon classic-level itself would load here (node-gyp-build picks the prebuild for this platform and libc)
const classicLevel = dirname(require.resolve('classic-level/package.json'))
const addon = require('node-gyp-build').path(classicLevel)

const work = mkdtempSync(join(tmpdir(), 'upto-package-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))

/** classic-level's `require('node-gyp-build')(__dirname)` gets the addon from the executable's assets. */
const addonFromAsset = {
  name: 'addon-from-asset',
  setup(b) {
    b.onResolve({ filter: /^node-gyp-build$/ }, () => ({ path: 'node-gyp-build', namespace: 'sea-addon' }))
    b.onLoad({ filter: /.*/, namespace: 'sea-addon' }, () => ({
      resolveDir: join(root, 'src', 'cli'),
      loader: 'js',
      contents: `const { getRawAsset } = require('node:sea')
const { loadNativeAddon } = require('./native-addon.ts')
module.exports = () => loadNativeAddon({ bytes: new Uint8Array(getRawAsset(${JSON.stringify(addonAsset)})), name: 'classic-level', env: process.env })`,
    }))
  },
}

const define = {
  UPTO_WEB_SCRIPT: JSON.stringify(await bundleWebScript()),
  UPTO_VERSION: JSON.stringify(version),
  // no file for the drawing thread: big charts are drawn on the collector's thread
  UPTO_DRAW_THREAD: '""',
  'import.meta.url': 'undefined',
}
// import() becomes require(): a SEA's main script and vm.Script take no import()
const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', define, supported: { 'dynamic-import': false }, logLevel: 'warning' }

// the main script: the client, as small as bin/upto's
const main = join(work, 'upto.cjs')
await build({ ...common, entryPoints: [join(root, 'src', 'single-executable.ts')], outfile: main })

// the rest of the program, an asset compiled by node:vm when a command needs it: one function expression of
// CommonJS's five arguments
const program = join(work, 'program.cjs')
await build({
  ...common,
  entryPoints: [join(root, 'src', 'program.ts')],
  outfile: program,
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  // pg's optional native driver, never used: it is loaded only when asked for (pg.native)
  external: ['pg-native'],
  plugins: [addonFromAsset],
})

const config = join(work, 'sea-config.json')
const blob = join(work, 'sea.blob')
writeFileSync(config, JSON.stringify({
  main,
  output: blob,
  disableExperimentalSEAWarning: true,
  useCodeCache: true,
  assets: { [addonAsset]: addon, 'program.cjs': program },
}, null, 2))
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' })

mkdirSync(dirname(output), { recursive: true })
const partial = `${output}.partial`
copyFileSync(process.execPath, partial)
chmodSync(partial, 0o755)
const postject = join(dirname(require.resolve('postject/package.json')), 'dist', 'cli.js')
execFileSync(process.execPath, [postject, partial, 'NODE_SEA_BLOB', blob,
  '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: ['ignore', 'ignore', 'pipe'] })
renameSync(partial, output)
process.stdout.write(`${relative(process.cwd(), output)}: upto ${version} for ${process.platform}-${process.arch}, Node ${process.version}\n`)
