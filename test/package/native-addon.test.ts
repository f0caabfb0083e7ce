// classic-level's native addon as the single executable loads it: from a private cache folder, checked by its
// hash each time, never from a folder or a file that someone else could have put there.

import assert from 'node:assert/strict'
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { loadNativeAddon } from '../../src/cli/native-addon.ts'

const require = createRequire(import.meta.url)
const addonPath = (require('node-gyp-build') as { path(dir: string): string }).path(join(require.resolve('classic-level/package.json'), '..'))
const bytes = new Uint8Array(readFileSync(addonPath))
const home = mkdtempSync(join(tmpdir(), 'upto-addon-'))
after(() => rmSync(home, { recursive: true, force: true }))

function load(cacheHome: string): Record<string, unknown> {
  return loadNativeAddon({ bytes, name: 'classic-level', env: { XDG_CACHE_HOME: cacheHome } }) as Record<string, unknown>
}
const cached = (cacheHome: string) => join(cacheHome, 'upto', 'native')

describe('the native addon of the single executable', () => {
  test('is written once to a private cache folder, read-only, and loads as classic-level', () => {
    const cacheHome = join(home, 'fresh')
    const exports = load(cacheHome)
    assert.equal(typeof exports.db_open, 'function')
    const folder = lstatSync(cached(cacheHome))
    assert.equal(folder.mode & 0o777, 0o700)
    const [file, ...others] = readdirSync(cached(cacheHome))
    assert.deepEqual(others, [], 'no partial file left behind')
    assert.match(file!, /^classic-level-[0-9a-f]{16}\.node$/)
    assert.equal(lstatSync(join(cached(cacheHome), file!)).mode & 0o777, 0o500)
    assert.equal(typeof load(cacheHome).db_open, 'function', 'and loads again from the cache')
  })

  test('a cached file whose bytes changed is written anew before it is loaded', () => {
    const cacheHome = join(home, 'changed')
    load(cacheHome)
    const file = join(cached(cacheHome), readdirSync(cached(cacheHome))[0]!)
    chmodSync(file, 0o600)
    writeFileSync(file, 'not an addon')
    chmodSync(file, 0o500)
    assert.equal(typeof load(cacheHome).db_open, 'function')
    assert.deepEqual(new Uint8Array(readFileSync(file)), bytes)
  })

  test('a link in place of the cached file is never followed', () => {
    const cacheHome = join(home, 'linked')
    load(cacheHome)
    const name = readdirSync(cached(cacheHome))[0]!
    const file = join(cached(cacheHome), name)
    const elsewhere = join(home, 'planted.node')
    writeFileSync(elsewhere, 'planted')
    rmSync(file)
    symlinkSync(elsewhere, file)
    assert.equal(typeof load(cacheHome).db_open, 'function')
    assert.equal(lstatSync(file).isSymbolicLink(), false)
    assert.equal(readFileSync(elsewhere, 'utf8'), 'planted', 'the link target is left alone')
  })

  test('a cache folder others can write is not used: a temporary folder of its own is, and removed', () => {
    const cacheHome = join(home, 'open')
    mkdirSync(cached(cacheHome), { recursive: true })
    chmodSync(cached(cacheHome), 0o777)
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('upto-native-'))
    assert.equal(typeof load(cacheHome).db_open, 'function')
    assert.deepEqual(readdirSync(cached(cacheHome)), [], 'nothing written to the open folder')
    assert.deepEqual(readdirSync(tmpdir()).filter((name) => name.startsWith('upto-native-')), before)
  })
})
