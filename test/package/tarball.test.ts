// `npm pack` gives a tarball that `npm install -g` installs and that runs without any install script (npm 11
// runs none for a global install unless the user allows it): it ships the built dist/ and only what runs.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { root } from '../helpers/collector-process.ts'
import { roundTrip, uptoOk, type Installed } from './round-trip.ts'

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }

function npm(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } }, (error, out, err) =>
      error ? reject(new Error(`npm ${args.join(' ')} failed:\n${err}`)) : resolve(out)),
  )
}

describe('the npm tarball', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'upto-tarball-'))
  const prefix = join(dir, 'prefix')
  let files: string[]
  let installed: Installed
  after(() => rmSync(dir, { recursive: true, force: true }))

  before(async () => {
    // npm test has just built dist/; the scripts of a real `npm pack` (prepack) build it again
    const [packed] = JSON.parse(await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root)) as
      { filename: string; files: { path: string }[] }[]
    files = packed!.files.map((file) => file.path)
    await npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed!.filename)], dir)
    installed = {
      upto: join(prefix, 'bin', 'upto'),
      dir,
      env: { PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: join(dir, 'home'), NO_COLOR: '1' },
    }
  })

  test('ships the built program and nothing of the sources, tests or maps', () => {
    for (const needed of ['bin/upto', 'bin/upto.cjs', 'dist/upto.cjs', 'dist/program.js', 'dist/lib/graph-context.js', 'dist/lib/codecs/graph-context.d.ts', 'contrib/upto.service', 'contrib/upto.sh', 'LICENSE', 'README.md', 'package.json']) {
      assert.ok(files.includes(needed), needed)
    }
    assert.deepEqual(files.filter((file) => /^(src|test|scripts|proto)\/|\.map$|^dist\/upto-/.test(file)), [])
  })

  test('is installed with no install script run, and prints its version', async () => {
    assert.equal((await uptoOk(installed, '--version')).trim(), version)
    const scripts = (JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'upto', 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}
    assert.equal(scripts.install ?? scripts.postinstall ?? scripts.preinstall, undefined, 'the package itself needs no install script')
  })

  test('serves, sends, runs a command, draws the chart and shows the pages', async () => {
    await roundTrip(installed)
  })
})
