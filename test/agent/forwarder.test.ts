import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { createBackoff } from '../../src/agent/relay/backoff.ts'
import { readAnswer } from '../../src/agent/relay/collector-answer.ts'
import { type PostAnswer, startForwarder } from '../../src/agent/relay/forwarder.ts'
import { openSegmentBuffer } from '../../src/agent/relay/segment-buffer.ts'
import { createCounters } from '../../src/agent/counters.ts'

const quiet = { info() {}, warn() {} }

/** A forwarder whose collector answers from a script, and whose waits are recorded, not slept. */
function harness(answers: Array<PostAnswer | Error>, batchEvents = 1000) {
  const buffer = openSegmentBuffer({ dir: mkdtempSync(join(tmpdir(), 'upto-agent-fwd-')), maxBytes: 1 << 20 })
  const bodies: unknown[][] = []
  const waits: number[] = []
  const counters = createCounters()
  // everything was taken: once the buffer is empty the forwarder has done all it will with the script
  const finished = (async () => {
    while (buffer.stats().pending > 0 || answers.length > 0) await new Promise((resolve) => setImmediate(resolve))
  })()
  const forwarder = startForwarder({
    buffer, counters, log: quiet, backoff: createBackoff(100, 1000, () => 1), batchEvents,
    async post(body) {
      bodies.push(JSON.parse(body) as unknown[])
      const answer = answers.shift()
      if (answer === undefined) throw new Error('the collector was asked more than the script says')
      if (answer instanceof Error) throw answer
      return answer
    },
    async sleep(ms) {
      waits.push(ms)
      await new Promise((resolve) => setImmediate(resolve))
    },
  })
  return { buffer, bodies, waits, counters, finished, forwarder }
}

const ok = (accepted: number, refused: unknown[] = []): PostAnswer => ({ status: 200, body: JSON.stringify({ accepted, refused }), retryAfter: null })
const event = (n: number) => JSON.stringify({ type: 'mark', context: 'c', name: `e${n}`, id: `i${n}` })

test('a batch leaves the buffer when the collector says it is durable', async () => {
  const h = harness([ok(3)])
  h.buffer.append(3, event)
  await h.finished
  await h.forwarder.stop()
  assert.equal(h.bodies.length, 1)
  assert.deepEqual(h.bodies[0]!.map((e) => (e as { name: string }).name), ['e1', 'e2', 'e3'])
  assert.equal(h.buffer.stats().pending, 0)
  assert.equal(h.counters.forwarded, 3)
})

test('while the collector is down the same batch is sent again, after waits that grow', async () => {
  const refused = new Error('fetch failed', { cause: { code: 'ECONNREFUSED' } })
  const h = harness([refused, refused, { status: 503, body: '{}', retryAfter: '2' }, refused, ok(2)])
  h.buffer.append(2, event)
  await h.finished
  await h.forwarder.stop()
  assert.equal(h.bodies.length, 5)
  for (const body of h.bodies) assert.deepEqual(body, h.bodies[0], 'the same events each time')
  assert.deepEqual(h.waits, [100, 200, 2000, 400], 'doubling, Retry-After when the collector says it')
  assert.equal(h.buffer.stats().pending, 0)
  assert.equal(h.counters.retries, 4)
})

test('events the collector refuses as invalid are counted and dropped, not sent again', async () => {
  const h = harness([ok(1, [{ index: 1, reason: 'bad_name', detail: 'name …' }]), { status: 400, body: JSON.stringify({ accepted: 0, refused: [{ index: 0, reason: 'bad_time' }] }), retryAfter: null }], 2)
  h.buffer.append(3, event)
  await h.finished
  await h.forwarder.stop()
  assert.equal(h.buffer.stats().pending, 0)
  assert.deepEqual(h.counters.refusedByCollector, { bad_name: 1, bad_time: 1 })
  assert.equal(h.counters.forwarded, 1)
})

test('a 413 halves the batch; one event still too large is dropped and counted', async () => {
  const tooLarge: PostAnswer = { status: 413, body: '{}', retryAfter: null }
  const h = harness([tooLarge, ok(2), tooLarge, ok(1), tooLarge], 4)
  h.buffer.append(4, event)
  await h.finished
  await h.forwarder.stop()
  assert.deepEqual(h.bodies.map((b) => b.length), [4, 2, 2, 1, 1])
  assert.equal(h.buffer.stats().pending, 0)
  assert.deepEqual(h.counters.refusedByCollector, { too_large: 1 })
})

test('events appended while the forwarder waits are sent', async () => {
  const h = harness([ok(1), ok(1)])
  h.buffer.append(1, event)
  while (h.bodies.length < 1 || h.buffer.stats().pending > 0) await new Promise((resolve) => setImmediate(resolve))
  h.buffer.append(1, event)
  await h.finished
  await h.forwarder.stop()
  assert.equal(h.bodies.length, 2)
  assert.equal(h.buffer.stats().pending, 0)
})

test('answers are read as the collector\'s events route means them', () => {
  assert.deepEqual(readAnswer(200, '{"accepted":2,"refused":[]}', null), { kind: 'stored', refused: [] })
  assert.deepEqual(readAnswer(200, 'not json', null), { kind: 'stored', refused: [] })
  assert.equal(readAnswer(400, '{"accepted":0,"refused":[{"index":0,"reason":"bad_type"}]}', null).kind, 'stored')
  assert.equal(readAnswer(400, '{"error":"bad_request","message":"x"}', null).kind, 'retry')
  assert.deepEqual(readAnswer(401, '{"error":"unauthorized","message":"needs a token"}', null), { kind: 'retry', why: 'the collector answered 401: needs a token' })
  assert.deepEqual(readAnswer(503, '{}', '1'), { kind: 'retry', why: 'the collector answered 503', afterMs: 1000 })
  assert.deepEqual(readAnswer(413, '', null), { kind: 'too_large' })
})
