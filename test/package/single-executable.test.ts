// `npm run package` makes one file that is all of upto. Copied alone into an empty folder and run with a PATH
// that holds no Node and no node_modules, it serves, sends, runs, draws and shows the pages.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { root } from '../helpers/collector-process.ts'
import { needs } from '../helpers/needs.ts'
import { roundTrip, uptoOk, type Installed } from './round-trip.ts'

// Node builds that can become a single executable carry this fuse (Debian's shared-library build does not)
const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'
const skip = needs('a Node.js that can make single executables', readFileSync(process.execPath).includes(fuse),
  `${process.execPath} has no ${fuse}: use a Node.js build from nodejs.org`)
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }

describe('the single executable', { skip, timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'upto-sea-'))
  const alone = join(dir, 'alone')
  const tools = join(dir, 'tools')
  let installed: Installed
  after(() => rmSync(dir, { recursive: true, force: true }))

  before(async () => {
    const built = join(dir, 'build', 'upto')
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [join(root, 'scripts', 'package.mjs')], { env: { ...process.env, UPTO_PACKAGE_OUT: built } },
        (error, _out, err) => (error ? reject(new Error(`npm run package failed:\n${err}`)) : resolve())),
    )
    mkdirSync(alone)
    mkdirSync(tools)
    copyFileSync(built, join(alone, 'upto'))
    for (const tool of ['sh']) symlinkSync(`/bin/${tool}`, join(tools, tool))
    installed = { upto: join(alone, 'upto'), dir, env: { PATH: `${alone}:${tools}`, HOME: join(dir, 'home'), NO_COLOR: '1' } }
  })

  test('has no Node or node_modules to lean on', () => {
    for (const folder of [alone, tools]) assert.equal(existsSync(join(folder, 'node')), false)
    for (let at = alone; at !== '/'; at = join(at, '..')) assert.equal(existsSync(join(at, 'node_modules')), false, at)
  })

  test('prints its version', async () => {
    assert.equal((await uptoOk(installed, '--version')).trim(), version)
  })

  test('serves, sends, runs a command, draws the chart and shows the pages', async () => {
    await roundTrip(installed)
    assert.ok(existsSync(join(dir, 'home', '.cache', 'upto', 'native')), 'the addon went to the private cache')
  })
})
