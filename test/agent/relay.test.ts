// The relay's promise, with the real built command (npm run build): the collector down for a while, the
// agent restarted in between, and every event arrives once.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { encodeEvent } from '../../src/codecs/encode.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { bin, eventually, freePort, startCollectorProcess } from '../helpers/collector-process.ts'
import { sendDatagrams, startAgentProcess } from './agent-process.ts'

const built = existsSync(bin)
const skip = built ? false : 'needs bin/upto.cjs: run npm run build'

/** `count` marks of context relay, timeline t1, numbered from `from`: half msgpack, half text lines. */
function marks(from: number, count: number): Uint8Array[] {
  const base = Date.UTC(2026, 0, 1)
  return Array.from({ length: count }, (_, i) => {
    const n = from + i
    const name = `step-${String(n).padStart(4, '0')}`
    return n % 2 === 0
      ? encodeEvent({ kind: 'mark', context: 'relay', name, host: 'web1', time: base + n, timeline: 't1' })
      : new TextEncoder().encode(`mark relay ${name} timeline=t1 host=web1 time=${new Date(base + n).toISOString()}\n`)
  })
}

/** Events the agent's segment files hold that the collector has not acknowledged. */
function buffered(data: string): number {
  const dir = join(data, 'buffer')
  const lines = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').slice(0, -1))
  const last = Math.max(0, ...lines.map((line) => Number(line.slice(0, line.indexOf(' ')))))
  return last - acked(data)
}

function acked(data: string): number {
  return existsSync(join(data, 'buffer', 'acked')) ? Number(readFileSync(join(data, 'buffer', 'acked'), 'utf8')) : 0
}

async function apiEvents(port: number): Promise<number | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/api/contexts/relay/t1`)
  if (!response.ok) return undefined
  return ((await response.json()) as { Events: unknown[] }).Events.length
}

test('collector down, agent restarted: every event arrives exactly once', { skip, timeout: 120_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'upto-agent-relay-'))
  const collectorData = mkdtempSync(join(tmpdir(), 'upto-agent-collector-'))
  const collectorPort = await freePort()
  const udpPort = await freePort()
  const args = ['--collector', `http://127.0.0.1:${collectorPort}`, '--port', String(udpPort), '--data', data, '--retry-max', '300ms']

  // the collector is not there yet: the agent keeps what it gets
  let agent = await startAgentProcess(args)
  await sendDatagrams(udpPort, marks(0, 300))
  await agent.said('cannot be reached')
  await eventually(async () => (buffered(data) === 300 ? true : undefined))
  assert.equal(await agent.stop(), 0)
  assert.match(agent.log(), /300 events received, 0 forwarded, 300 kept for the next start/)

  // restarted, still no collector, more events
  agent = await startAgentProcess(args)
  await agent.said('300 events in the buffer from before')
  await sendDatagrams(udpPort, marks(300, 200))

  // the collector comes up: everything arrives
  let collector = await startCollectorProcess(collectorData, collectorPort)
  await eventually(async () => ((await apiEvents(collectorPort)) === 500 ? true : undefined), 30_000)

  // down again for a while, more events, the agent restarted once more
  await collector.stop()
  await sendDatagrams(udpPort, marks(500, 100))
  await agent.said('cannot be reached')
  await eventually(async () => (buffered(data) === 100 ? true : undefined))
  assert.equal(await agent.stop(), 0)
  agent = await startAgentProcess(args)
  await agent.said('100 events in the buffer from before')
  collector = await startCollectorProcess(collectorData, collectorPort)
  await eventually(async () => ((await apiEvents(collectorPort)) === 600 ? true : undefined), 30_000)
  assert.equal(await agent.stop(), 0)
  assert.match(agent.log(), /0 kept for the next start, 0 dropped/)
  await collector.stop()

  // the store itself: 600 messages, each name once
  const store = await openLevelStore(collectorData)
  try {
    const messages = await store.messages('relay', 't1')
    const names = new Set(messages.map((m) => m.name))
    assert.equal(names.size, 600)
    assert.equal(messages.length, 600, 'no message was stored twice')
    assert.ok(messages.every((m) => m.host === 'web1' && m.id?.startsWith('agent:')), 'each carries the id the agent gave it')
  } finally {
    await store.close()
  }
})
