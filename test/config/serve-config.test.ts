// upto serve --config, end to end: the collector listens where the file says; the default file is
// ${XDG_CONFIG_HOME:-~/.config}/upto/upto.toml, read when it exists.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { bin, eventually, freePort } from '../helpers/collector-process.ts'

/** Starts bin/upto serve, waits for its API on `port`, stops it with SIGTERM: its exit code and output. */
async function serveUntilItAnswers(args: string[], env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`upto serve exited early:\n${output}`)
      return fetch(`http://127.0.0.1:${port}/api/`).then((r) => (r.ok ? true : undefined), () => undefined)
    }, 15_000)
  } finally {
    child.kill('SIGTERM')
  }
  return { code: await exited, output }
}

describe('upto serve --config', () => {
  let dir: string
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'upto-config-serve-'))))
  after(() => rm(dir, { recursive: true, force: true }))

  test('listens on the port the file sets, keeps events in the folder it names, and stops on SIGTERM', async () => {
    const port = await freePort()
    const file = join(dir, 'upto.toml')
    await writeFile(file, `port = ${port}\ndata = "${join(dir, 'data')}"\n`)
    const { code, output } = await serveUntilItAnswers(['--config', file], { HOME: dir }, port)
    assert.equal(code, 0, output)
    assert.match(output, new RegExp(`${port}`))
    assert.match(output, /closed/)
  })

  test('reads ${XDG_CONFIG_HOME}/upto/upto.toml when no --config is given', async () => {
    const port = await freePort()
    const xdg = join(dir, 'xdg')
    await mkdir(join(xdg, 'upto'), { recursive: true })
    await writeFile(join(xdg, 'upto', 'upto.toml'), `port = ${port}\n`)
    const { code, output } = await serveUntilItAnswers([], { HOME: dir, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: join(dir, 'xdg-data') }, port)
    assert.equal(code, 0, output)
  })

  test('upto config names the default file, ~/.config/upto/upto.toml without XDG_CONFIG_HOME, and runs without one', async () => {
    const home = join(dir, 'home')
    await mkdir(join(home, '.config', 'upto'), { recursive: true })
    await writeFile(join(home, '.config', 'upto', 'upto.toml'), 'max_streams = 3\n')
    const io = captureIo(['config'], { HOME: home })
    assert.equal(await run(io), 0, io.stderr)
    assert.match(io.stdout, new RegExp(`^max_streams = 3 # file ${join(home, '.config', 'upto', 'upto.toml')}$`, 'm'))
    const none = captureIo(['config'], { HOME: join(dir, 'nobody') })
    assert.equal(await run(none), 0, none.stderr)
    assert.match(none.stdout, /^max_streams = 1000 # default$/m)
    assert.match(none.stdout, /no configuration file/)
  })

  test('upto serve --help tells of --config', async () => {
    const io = captureIo(['serve', '--help'])
    await run(io)
    const help = io.stdout.replace(/\s+/g, ' ')
    assert.match(help, /--config <file> the configuration file, TOML \(default \$\{XDG_CONFIG_HOME:-~\/\.config\}\/upto\/upto\.toml, when it exists\)/)
    assert.match(help, /--max-streams <count> most live-update streams of the web pages open at once \(default 1000\)/)
    assert.match(help, /--token-file <file> read the token from a file/)
  })
})
