// What a newcomer does after reading the README: serve, send a script of events, look at the chart, restart.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { bin, eventually, startCollectorProcess, type CollectorProcess } from '../helpers/collector-process.ts'

const data = mkdtempSync(join(tmpdir(), 'upto-e2e-'))
let collector: CollectorProcess

function upto(...argv: string[]): string {
  return execFileSync(process.execPath, [bin, ...argv], {
    env: { ...process.env, NO_COLOR: '1', UPTO_SERVER: `127.0.0.1:${collector.port}` },
    encoding: 'utf8',
  })
}

async function timelineJson(): Promise<{ Events: { Name: string; Host: string; End: string | null; attempt: number }[] } | undefined> {
  const response = await fetch(`http://127.0.0.1:${collector.port}/api/contexts/deploy/latest`)
  return response.ok ? ((await response.json()) as never) : undefined
}

function sendUdp(port: number, payload: Uint8Array | string): Promise<void> {
  const socket = createSocket('udp4')
  return new Promise((resolve, reject) =>
    socket.send(payload, port, '127.0.0.1', (error) => {
      socket.close()
      if (error) reject(error)
      else resolve()
    }),
  )
}

describe('a newcomer following the README', () => {
  before(async () => {
    collector = await startCollectorProcess(data)
  })
  after(async () => {
    if (collector.child.exitCode === null) await collector.stop('SIGKILL')
    rmSync(data, { recursive: true, force: true })
  })

  test('a script of upto calls becomes a timeline with nested names, two hosts, a retry and a running step', async () => {
    upto('new', 'deploy')
    upto('start', 'deploy', 'build', '-n', 'ci-1')
    upto('end', 'deploy', 'build', '-n', 'ci-1')
    upto('start', 'deploy', 'db.migrate', '-n', 'web1')
    upto('end', 'deploy', 'db.migrate', '-n', 'web1', '--status', 'ok')
    upto('start', 'deploy', 'app.restart', '-n', 'web1')
    upto('start', 'deploy', 'app.restart', '-n', 'web2')
    upto('end', 'deploy', 'app.restart', '-n', 'web1')
    upto('end', 'deploy', 'app.restart', '-n', 'web2', '--status', 'error', '--message', 'health check failed')
    upto('start', 'deploy', 'app.restart', '-n', 'web2')
    await sendUdp(collector.port, 'mark deploy smoke.tested host=web1\n')

    const timeline = await eventually(async () => {
      const json = await timelineJson()
      return json && json.Events.some((e) => e.Name === 'smoke.tested') && json.Events.length >= 8 ? json : undefined
    })
    const restartWeb2 = timeline.Events.filter((e) => e.Name === 'app.restart' && e.Host === 'web2')
    assert.deepEqual(restartWeb2.map((e) => [e.attempt, e.End === null]), [[1, false], [2, true]])
    assert.ok(timeline.Events.some((e) => e.Name === 'db' && e.Host === ''), 'the ancestor "db" is implied')

    const chart = upto('gantt', 'deploy', '--width', '100')
    for (const text of ['build', 'db', 'migrate', 'app', 'restart', 'web1', 'web2', 'smoke', 'tested', 'running']) {
      assert.ok(chart.includes(text), `the chart shows ${text}:\n${chart}`)
    }
    assert.doesNotMatch(chart, /\x1b\[/, 'NO_COLOR gives a chart without escape codes')
    assert.ok(chart.split('\n').every((line) => [...line].length <= 100), 'no line is wider than --width')
    assert.match(chart, /^failures\n {2}✗ app\.restart @web2 {2}error {2}attempt 1 of 2\n {6}health check failed$/m, 'what failed, and why')

    const list = upto('ls', 'deploy')
    assert.match(list, /running/)
  })

  test('the text chart over HTTP is the one the terminal shows', async () => {
    const response = await fetch(`http://127.0.0.1:${collector.port}/gantt/deploy/latest?width=100`, {
      headers: { accept: 'text/plain' },
    })
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/)
    const text = await response.text()
    assert.match(text, /restart/)
    assert.doesNotMatch(text, /\x1b\[/)
  })

  test('a flood of garbage datagrams leaves the collector up, with the refusals counted', async () => {
    let seed = 42
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    for (let i = 0; i < 2_000; i++) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 200)).map(() => Math.floor(random() * 256))
      await sendUdp(collector.port, bytes)
    }
    const refused = await eventually(async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${collector.port}/metrics`)).text()
      const total = metrics
        .split('\n')
        .filter((line) => line.startsWith('upto_events_refused_total{transport="udp"'))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0)
      return total >= 1_900 ? total : undefined
    })
    assert.ok(refused >= 1_900, `refusals counted: ${refused}`)
    assert.equal((await fetch(`http://127.0.0.1:${collector.port}/api/`)).status, 200)
  })

  test('SIGTERM closes cleanly, and a restart on the same folder keeps every event', async () => {
    const before = await timelineJson()
    assert.equal(await collector.stop('SIGTERM'), 0)
    assert.match(collector.log(), /closed/)

    const offline = execFileSync(process.execPath, [bin, 'gantt', 'deploy', '--data', data, '--width', '100'], {
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
    })
    assert.match(offline, /restart/, 'the data folder can be read directly while no collector runs')

    collector = await startCollectorProcess(data, collector.port)
    assert.deepEqual(await timelineJson(), before)
  })
})
