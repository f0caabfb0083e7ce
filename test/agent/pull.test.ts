// Pull mode with the real built command (npm run build): the agent serves its buffer, the collector's
// `[sources.NAME] type = "agent"` pulls it, stores it, and acknowledges what it stored.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { bin, eventually, freePort, startCollectorProcess } from '../helpers/collector-process.ts'
import { sendDatagrams, startAgentProcess } from './agent-process.ts'

const skip = existsSync(bin) ? false : 'needs bin/upto.cjs: run npm run build'
const lines = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => new TextEncoder().encode(`mark pulled m${from + i} timeline=p1 host=edge\n`))

async function stored(port: number): Promise<number | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/api/contexts/pulled/p1`)
  return response.ok ? ((await response.json()) as { Events: unknown[] }).Events.length : undefined
}

test('the collector pulls an agent\'s buffer, with its token, and the agent lets go of what was stored', { skip, timeout: 120_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'upto-agent-pull-'))
  const udpPort = await freePort()
  const pullPort = await freePort()
  const agent = await startAgentProcess(['--serve', `127.0.0.1:${pullPort}`, '--port', String(udpPort), '--data', data, '--token', 's3cret'])
  const status = async () => (await fetch(`http://127.0.0.1:${pullPort}/status`, { headers: { authorization: 'Bearer s3cret' } })).json() as Promise<{ pending: number }>
  try {
    assert.equal((await fetch(`http://127.0.0.1:${pullPort}/pull`)).status, 401, 'no token, no events')
    await sendDatagrams(udpPort, lines(0, 1500))
    await eventually(async () => ((await status()).pending === 1500 ? true : undefined))

    const collectorData = mkdtempSync(join(tmpdir(), 'upto-agent-pull-collector-'))
    const config = join(collectorData, 'upto.toml')
    writeFileSync(config, `[sources.edge]\ntype = "agent"\nurl = "http://127.0.0.1:${pullPort}"\ntoken = "s3cret"\ninterval = "1s"\n`)
    const collector = await startCollectorProcess(join(collectorData, 'store'), undefined, { args: ['--config', config] })
    try {
      await eventually(async () => ((await stored(collector.port)) === 1500 ? true : undefined), 30_000)
      await eventually(async () => ((await status()).pending === 0 ? true : undefined))
      await sendDatagrams(udpPort, lines(1500, 10))
      await eventually(async () => ((await stored(collector.port)) === 1510 ? true : undefined), 30_000)
    } finally {
      await collector.stop()
    }
  } finally {
    assert.equal(await agent.stop(), 0)
  }
})

test('pulling twice without acknowledging answers the same batch; an ack beyond what was given is refused', { skip, timeout: 60_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'upto-agent-pull-'))
  const udpPort = await freePort()
  const pullPort = await freePort()
  const agent = await startAgentProcess(['--serve', `127.0.0.1:${pullPort}`, '--port', String(udpPort), '--data', data])
  try {
    await sendDatagrams(udpPort, lines(0, 5))
    const base = `http://127.0.0.1:${pullPort}`
    await eventually(async () => ((await fetch(`${base}/pull`)).headers.get('upto-cursor') === '5' ? true : undefined))
    const first = await fetch(`${base}/pull?max=3`)
    const again = await fetch(`${base}/pull?max=3`)
    assert.equal(first.headers.get('upto-cursor'), '3')
    assert.deepEqual(await again.json(), await first.json())
    assert.equal((await fetch(`${base}/ack?cursor=9`, { method: 'POST' })).status, 400)
    assert.equal((await fetch(`${base}/pull?max=0`)).status, 400)
    assert.deepEqual(await (await fetch(`${base}/ack?cursor=3`, { method: 'POST' })).json(), { acknowledged: 3, pending: 2 })
    const rest = await fetch(`${base}/pull`)
    assert.deepEqual(((await rest.json()) as Array<{ name: string }>).map((e) => e.name), ['m3', 'm4'])
    await fetch(`${base}/ack?cursor=5`, { method: 'POST' })
    assert.equal((await fetch(`${base}/pull`)).status, 204)
  } finally {
    await agent.stop()
  }
})
