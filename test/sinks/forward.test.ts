import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import type { Stored } from '../../src/core/types.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { createForwarder } from '../../src/sinks/forward.ts'
import { startSinks } from '../../src/sinks/start.ts'
import { stdoutSink } from '../../src/sinks/stdout/sink.ts'
import type { Sink } from '../../src/sinks/types.ts'

const message = (i: number): Stored => ({
  kind: 'mark', context: 'ci', timeline: 't1', name: `step${i}`, host: 'h', time: 1_000 + i, received: 1_000 + i,
})
const quiet = () => createLogger({ sink: () => {} })
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5))
  assert.ok(ok(), 'in time')
}

test('forwards every message in order, in batches of at most maxBatch', async () => {
  const batches: number[] = []
  const seen: string[] = []
  const sink: Sink = { write: async (batch) => { batches.push(batch.length); seen.push(...batch.map((m) => m.name)) } }
  const metrics = createMetrics()
  const forwarder = createForwarder({ name: 'a', sink, metrics, log: quiet(), maxBatch: 3 })
  forwarder.forward([0, 1, 2, 3, 4].map(message))
  forwarder.forward([5, 6].map(message))
  await until(() => seen.length === 7)
  assert.deepEqual(seen, ['step0', 'step1', 'step2', 'step3', 'step4', 'step5', 'step6'])
  assert.ok(batches.every((n) => n <= 3), String(batches))
  assert.deepEqual(metrics.snapshot().sinks.a, { forwarded: 7, failures: 0, dropped: 0, queued: 0 })
  await forwarder.close()
})

test('a failing sink is retried with back-off until it takes the batch; nothing is lost meanwhile', async () => {
  let calls = 0
  const seen: string[] = []
  const sink: Sink = {
    async write(batch) {
      if (++calls <= 3) throw new Error('connection refused')
      seen.push(...batch.map((m) => m.name))
    },
  }
  const metrics = createMetrics()
  const lines: string[] = []
  const forwarder = createForwarder({ name: 'b', sink, metrics, log: createLogger({ sink: (l) => lines.push(l) }), backoff: 5 })
  forwarder.forward([message(1), message(2)])
  await until(() => seen.length === 2)
  assert.equal(metrics.snapshot().sinks.b?.failures, 3)
  assert.equal(metrics.snapshot().sinks.b?.forwarded, 2)
  assert.match(lines[0] ?? '', /warn sink b: connection refused; 2 messages wait, trying again in 5 ms/)
  await forwarder.close()
})

test('a sink that never answers holds only its own queue: beyond maxQueue messages are dropped and counted', async () => {
  const sink: Sink = { write: () => new Promise(() => {}) }
  const metrics = createMetrics()
  const forwarder = createForwarder({ name: 'slow', sink, metrics, log: quiet(), maxQueue: 5 })
  const started = performance.now()
  for (let i = 0; i < 4; i++) forwarder.forward([message(2 * i), message(2 * i + 1)])
  assert.ok(performance.now() - started < 50, 'forward() never waits for the sink')
  const counts = metrics.snapshot().sinks.slow!
  assert.equal(counts.queued, 5)
  assert.equal(counts.dropped, 3)
  assert.match(metrics.renderPrometheus(), /upto_sink_dropped_total\{sink="slow"\} 3/)
})

test('at shutdown a sink that fails gets one more try; what it still holds is counted as dropped', async () => {
  const sink: Sink = { write: async () => { throw new Error('down') } }
  const metrics = createMetrics()
  const forwarder = createForwarder({ name: 'down', sink, metrics, log: quiet(), backoff: 60_000 })
  forwarder.forward([message(1), message(2), message(3)])
  await until(() => (metrics.snapshot().sinks.down?.failures ?? 0) >= 1)
  await forwarder.close()
  assert.equal(metrics.snapshot().sinks.down?.dropped, 3)
})

test('the stdout sink writes one JSON line per message, waiting for the stream', async () => {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk) => (text += chunk))
  const sink = stdoutSink.create({ stream }, { name: 'out', log: quiet(), now: Date.now })
  await sink.write([message(1), message(2)])
  const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l))
  assert.deepEqual(lines, [message(1), message(2)])
})

test('startSinks fans each durable batch out to every enabled sink and refuses an unknown type', async () => {
  const metrics = createMetrics()
  const sinks = startSinks([
    { name: 'on', type: 'stdout', enabled: true, options: { stream: new PassThrough() } },
    { name: 'off', type: 'stdout', enabled: false, options: {} },
  ], { metrics, log: quiet(), now: Date.now })
  sinks.forward([message(1)])
  await until(() => metrics.snapshot().sinks.on?.forwarded === 1)
  assert.equal(metrics.snapshot().sinks.off, undefined)
  await sinks.close()
  assert.throws(() => startSinks([{ name: 'x', type: 'kafka', enabled: true, options: {} }], { metrics, log: quiet(), now: Date.now }),
    /sinks\.x: unknown type "kafka"/)
})
