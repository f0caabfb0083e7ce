// Every refused case of the README's table, sent to a real collector (memory store, loopback sockets):
// the refusal is counted by reason at /metrics, HTTP callers get a 4xx that names the problem, and every
// valid item around it is stored.

import assert from 'node:assert/strict'
import { createSocket } from 'node:dgram'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { createDelivery } from '../../src/pipeline/deliver.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { listenUdp } from '../../src/sources/udp/udp.ts'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { Store } from '../../src/store/types.ts'
import { arr, map, str } from '../codecs/bytes.ts'
import { eventually, udpClient } from '../server/udp-client.ts'
import { metricsOf, sample } from './metrics-text.ts'
import { itemCases, mixedBatchCase, wholeCases } from './refusal-cases.ts'

let collector: Collector
let store: Store
let base: string
const lines: string[] = []

before(async () => {
  store = createMemoryStore()
  collector = await startCollector({ store, port: 0, log: (line) => lines.push(line) })
  base = `http://127.0.0.1:${collector.httpPort}`
})
after(() => collector.close())

const good = (timeline: string, n: number) =>
  map(['type', str('mark')], ['context', str('refusals')], ['name', str(`good.${n}`)], ['timeline', str(timeline)])
const goodJson = (timeline: string, n: number) => ({ type: 'mark', context: 'refusals', name: `good.${n}`, timeline })
const post = (body: Uint8Array | string, type: string) =>
  fetch(`${base}/api/events`, { method: 'POST', body, headers: { 'content-type': type } })
const names = async (timeline: string) => (await store.messages('refusals', timeline)).map((m) => m.name).sort()
const refused = async (transport: string, reason: string) => sample(await metricsOf(base), 'upto_events_refused_total', { transport, reason })

describe('the refused cases of the README, over UDP and HTTP', () => {
  for (const [i, c] of itemCases.entries()) {
    test(`${c.name}: refused ${c.reason}, counted, a 4xx naming it, the good items around it stored`, async () => {
      const udp = udpClient(collector.udpPort)
      const udpBefore = await refused('udp', c.reason)
      const httpBefore = await refused('http', c.reason)
      try {
        // UDP: one datagram holding [good, bad, good]
        await udp.send(Uint8Array.from(arr(good(`udp-${i}`, 1), c.msgpack, good(`udp-${i}`, 2))))
        await eventually(async () => ((await names(`udp-${i}`)).length === 2 ? true : undefined))
      } finally {
        udp.close()
      }
      assert.deepEqual(await names(`udp-${i}`), ['good.1', 'good.2'])

      // HTTP msgpack: the same batch, then the bad item alone
      const batch = await post(Uint8Array.from(arr(good(`http-${i}`, 1), c.msgpack, good(`http-${i}`, 2))), 'application/msgpack')
      assert.equal(batch.status, 200)
      const answer: any = await batch.json()
      assert.equal(answer.accepted, 2)
      assert.deepEqual(answer.refused.map((r: any) => [r.index, r.reason]), [[1, c.reason]])
      assert.match(answer.refused[0].detail, c.detail)
      assert.deepEqual(await names(`http-${i}`), ['good.1', 'good.2'])
      const alone = await post(Uint8Array.from(c.msgpack), 'application/msgpack')
      assert.equal(alone.status, 400)
      assert.match(((await alone.json()) as any).refused[0].detail, c.detail)
      let counted = 2

      // HTTP JSON, when JSON can say it
      if (c.json !== undefined || c.jsonText !== undefined) {
        const item = c.jsonText ?? JSON.stringify(c.json)
        const text = `[${JSON.stringify(goodJson(`json-${i}`, 1))},${item},${JSON.stringify(goodJson(`json-${i}`, 2))}]`
        const res = await post(text, 'application/json')
        assert.equal(res.status, 200)
        const body: any = await res.json()
        assert.deepEqual(body.refused.map((r: any) => [r.index, r.reason]), [[1, c.reason]])
        assert.match(body.refused[0].detail, c.detail)
        assert.deepEqual(await names(`json-${i}`), ['good.1', 'good.2'])
        const single = await post(item, 'application/json')
        assert.equal(single.status, 400)
        assert.match(((await single.json()) as any).refused[0].detail, c.detail)
        counted += 2
      }
      assert.equal(await refused('udp', c.reason), udpBefore + 1)
      assert.equal(await refused('http', c.reason), httpBefore + counted)
    })
  }

  for (const [i, c] of wholeCases.entries()) {
    test(`${c.name}: refused whole as ${c.reason}, counted, the datagrams and bodies around it stored`, async (t) => {
      if (c.datagram === undefined && c.body === undefined) return oversizedDatagram(t)
      if (c.datagram) {
        const udp = udpClient(collector.udpPort)
        const before = await refused('udp', c.reason)
        try {
          await udp.send(Uint8Array.from(good(`whole-udp-${i}`, 1)))
          await udp.send(c.datagram)
          await udp.send(Uint8Array.from(good(`whole-udp-${i}`, 2)))
          await eventually(async () => ((await names(`whole-udp-${i}`)).length === 2 ? true : undefined))
        } finally {
          udp.close()
        }
        await eventually(async () => ((await refused('udp', c.reason)) === before + 1 ? true : undefined))
      }
      if (c.body) {
        const before = await refused('http', c.reason)
        assert.equal((await post(Uint8Array.from(good(`whole-http-${i}`, 1)), 'application/msgpack')).status, 200)
        const res = await post(c.body.bytes, c.body.type)
        assert.equal(res.status, c.body.status)
        const answer: any = await res.json()
        assert.deepEqual(answer.refused.map((r: any) => [r.index, r.reason]), [[0, c.reason]])
        assert.match(answer.refused[0].detail, c.detail)
        assert.equal((await post(Uint8Array.from(good(`whole-http-${i}`, 2)), 'application/msgpack')).status, 200)
        assert.deepEqual(await names(`whole-http-${i}`), ['good.1', 'good.2'])
        assert.equal(await refused('http', c.reason), before + 1)
      }
    })
  }

  test(`${mixedBatchCase}: every good item stored, every bad one refused at its index`, async () => {
    const items: number[][] = []
    const expected: Array<[number, string]> = []
    for (const c of itemCases) {
      items.push(good('mixed', items.length))
      expected.push([items.length, c.reason])
      items.push(c.msgpack)
    }
    items.push(good('mixed', items.length))
    const res = await post(Uint8Array.from(arr(...items)), 'application/msgpack')
    assert.equal(res.status, 200)
    const answer: any = await res.json()
    assert.equal(answer.accepted, itemCases.length + 1)
    assert.deepEqual(answer.refused.map((r: any) => [r.index, r.reason]), expected)
    assert.equal((await names('mixed')).length, itemCases.length + 1)
  })

  test('the collector logs refusals by reason, at most a line per reason every few seconds', () => {
    const refusals = lines.filter((l) => l.includes(' warn refused '))
    assert.ok(refusals.some((l) => l.includes('refused udp bad_name')))
    assert.ok(refusals.length < 40, `${refusals.length} lines`)
  })
})

test('the README table of refused cases lists exactly these cases', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### What is refused')).split('\n')
  const first = section.findIndex((l) => l.startsWith('|'))
  const end = section.findIndex((l, i) => i > first && !l.startsWith('|'))
  const cases = section.slice(first + 2, end).map((row) => row.split('|')[1]!.trim())
  const documented = [...itemCases.map((c) => c.name), ...wholeCases.map((c) => c.name), mixedBatchCase]
  assert.deepEqual(cases.sort(), documented.sort())
})

/** Over 65,507 bytes cannot travel over IPv4: sent over IPv6 loopback (up to 65,527) to a receiver there. */
async function oversizedDatagram(t: { skip(message: string): void }): Promise<void> {
  const memory = createMemoryStore()
  const metrics = createMetrics()
  const logged: string[] = []
  const log = createLogger({ sink: (line) => logged.push(line) })
  const ingest = createIngest({ store: memory, metrics, log })
  let receiver
  try {
    receiver = await listenUdp({ host: '::1', port: 0, deliver: createDelivery({ source: 'udp', ingest, metrics, log, now: Date.now }), metrics, log })
  } catch {
    return t.skip('no IPv6 loopback here: a datagram over 65,507 bytes cannot be sent over IPv4')
  }
  const socket = createSocket('udp6')
  const send = (bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => socket.send(bytes, receiver.port, '::1', (e) => (e ? reject(e) : resolve())))
  try {
    await send(Uint8Array.from(good('oversized', 1)))
    await send(new Uint8Array(65_527).fill(0x81))
    await send(Uint8Array.from(good('oversized', 2)))
    await eventually(async () => (metrics.snapshot().refused['udp too_large'] === 1 && metrics.snapshot().accepted.udp === 2 ? true : undefined))
    await ingest.drain()
    assert.deepEqual((await memory.messages('refusals', 'oversized')).map((m) => m.name), ['good.1', 'good.2'])
    const detail = wholeCases.find((c) => c.name === 'oversized datagrams')!.detail
    assert.ok(logged.some((line) => line.includes('refused udp too_large') && detail.test(line)), logged.join('\n'))
  } finally {
    socket.close()
    await receiver.close()
    await ingest.close()
  }
}
