// One round trip through an installed `upto`, as its user would make it: serve, new/start/run/end over UDP, the
// chart in the terminal, the pages in the browser's place (fetched), then a clean stop.

import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { join } from 'node:path'
import { eventually, freePort } from '../helpers/collector-process.ts'

export interface Installed {
  /** The command, by path. */
  upto: string
  env: Record<string, string>
  /** A folder for the data. */
  dir: string
}

function run({ upto, env }: Installed, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) =>
    execFile(upto, argv, { env, encoding: 'utf8' }, (error, out, err) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    ),
  )
}

export async function uptoOk(installed: Installed, ...argv: string[]): Promise<string> {
  const result = await run(installed, argv)
  assert.equal(result.code, 0, `upto ${argv.join(' ')} failed: ${result.err}`)
  return result.out
}

export async function roundTrip(installed: Installed): Promise<void> {
  const port = await freePort()
  const collector = spawn(installed.upto, ['serve', '--port', String(port), '--data', join(installed.dir, 'data')], {
    env: installed.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  collector.stdout.on('data', (c: Buffer) => (log += c))
  collector.stderr.on('data', (c: Buffer) => (log += c))
  const exited = new Promise<number | null>((resolve) => collector.once('exit', resolve))
  try {
    const base = `http://127.0.0.1:${port}`
    await eventually(async () => ((await fetch(`${base}/api/`).catch(() => undefined))?.ok ? true : undefined), 20_000)
    const to = ['--rp', String(port)]
    await uptoOk(installed, 'new', 'deploy', '--timeline', 'v1', ...to)
    await uptoOk(installed, 'start', 'deploy', 'db.migrate', '-n', 'web1', ...to)
    await uptoOk(installed, 'run', 'deploy', 'app.build', ...to, '--', 'sh', '-c', 'upto mark deploy built --rp "$1"', 'sh', String(port))
    await uptoOk(installed, 'end', 'deploy', 'db.migrate', '-n', 'web1', '--status', 'error', '--message', 'lock timeout', ...to)

    const chart = await eventually(async () => {
      const out = await uptoOk(installed, 'gantt', 'deploy', ...to, '--width', '90')
      return out.includes('migrate') && out.includes('built') ? out : undefined
    })
    assert.match(chart, /^deploy \/ v1/m)
    assert.match(chart, /build/)

    const home = await fetch(`${base}/`)
    assert.equal(home.status, 200)
    assert.match(await home.text(), /deploy/)
    const page = await (await fetch(`${base}/c/deploy/v1`)).text()
    assert.match(page, /db\.migrate|migrate/)
    const script = /<script[^>]+src="([^"]+)"/.exec(page)?.[1]
    assert.ok(script, 'the page loads its script')
    const code = await fetch(new URL(script, base))
    assert.equal(code.status, 200)
    assert.ok((await code.text()).length > 1_000, 'the page script is served')
  } catch (error) {
    throw new Error(`${(error as Error).message}\ncollector log:\n${log}`, { cause: error })
  } finally {
    collector.kill('SIGTERM')
    assert.equal(await exited, 0, `the collector stops cleanly:\n${log}`)
  }
}
