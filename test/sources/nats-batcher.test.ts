// The batcher without a server: messages that look like JetStream's, a delivery that resolves when told.
// What each message is answered (ack, nak with its delay, term) and when.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { JsMsg } from '@nats-io/jetstream'
import type { Decoded } from '../../src/core/types.ts'
import type { Delivery } from '../../src/pipeline/deliver.ts'
import { uptoFormat } from '../../src/pipeline/formats.ts'
import { IngestFullError } from '../../src/pipeline/ingest.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createBatcher } from '../../src/sources/nats/batcher.ts'

interface FakeMessage extends JsMsg {
  answers: string[]
}

let sequence = 0
function message(body: unknown): FakeMessage {
  const seq = ++sequence
  const answers: string[] = []
  const fake = {
    answers,
    data: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
    headers: undefined,
    subject: 'upto.events',
    seq,
    info: { stream: 'UPTO', streamSequence: seq },
    timestampNanos: BigInt(Date.now()) * 1_000_000n,
    ack: () => answers.push('ack'),
    nak: (delay?: number) => answers.push(delay === undefined ? 'nak' : `nak ${delay}`),
    term: () => answers.push('term'),
    working: () => answers.push('working'),
  }
  return fake as unknown as FakeMessage
}

/** A delivery whose submits wait until the test settles them. */
function delivery() {
  const submits: Array<{ decoded: Decoded; resolve: () => void; reject: (error: unknown) => void }> = []
  const pushed: Decoded[] = []
  const deliver: Delivery = {
    push(decoded) {
      pushed.push(decoded)
      return true
    },
    submit: (decoded) => new Promise((resolve, reject) => submits.push({ decoded, resolve, reject })),
  }
  return { deliver, submits, pushed }
}

const lines: string[] = []
const log = createLogger({ sink: (line) => lines.push(line) })
const event = (name: string) => ({ type: 'mark', context: 'ctx', name, timeline: 'run' })
const turn = () => new Promise((resolve) => setImmediate(resolve))

function setup(batch = 100) {
  const d = delivery()
  const batcher = createBatcher({ source: 'events', format: uptoFormat, deliver: d.deliver, log, batch, retryDelay: 1_000, ackWait: 30_000 })
  return { ...d, batcher }
}

describe('the NATS batcher', () => {
  test('messages of one turn go in one submit, each acknowledged only once it resolved', async () => {
    const { batcher, submits } = setup()
    const a = message(event('a'))
    const b = message([event('b.1'), event('b.2')])
    batcher.take(a)
    batcher.take(b)
    await turn()
    assert.equal(submits.length, 1)
    assert.deepEqual(submits[0]!.decoded.events.map((e) => [e.name, e.id]),
      [['a', `nats:UPTO:${a.seq}:0`], ['b.1', `nats:UPTO:${b.seq}:0`], ['b.2', `nats:UPTO:${b.seq}:1`]])
    assert.deepEqual([a.answers, b.answers], [[], []], 'nothing answered before the events are durable')
    submits[0]!.resolve()
    await batcher.settled()
    assert.deepEqual([a.answers, b.answers], [['ack'], ['ack']])
  })

  test('a submit the collector cannot take now gives its messages back with the retry delay', async () => {
    const { batcher, submits } = setup()
    const a = message(event('a'))
    batcher.take(a)
    await turn()
    submits[0]!.reject(new IngestFullError('the ingest queue holds 100000 events, its limit is 100000'))
    await batcher.settled()
    assert.deepEqual(a.answers, ['nak 1000'])
    assert.ok(lines.some((l) => /warn events: 1 NATS messages not stored, delivered again in 1000 ms: the ingest queue holds/.test(l)))
  })

  test('a message nothing in which can be stored is terminated when a submit takes it, its refusals counted; a mixed one is stored', async () => {
    const { batcher, submits, pushed } = setup()
    const garbage = message('{"type":')
    const refused = message([{ type: 'mark', name: 'no.context' }])
    const mixed = message([event('ok'), { type: 'nope', context: 'ctx', name: 'x' }])
    for (const m of [garbage, refused, mixed]) batcher.take(m)
    await turn()
    assert.deepEqual([garbage.answers, refused.answers], [['term'], ['term']])
    assert.deepEqual(pushed.map((d) => d.refused.map((r) => r.reason)), [['malformed'], ['bad_context'], ['bad_type']])
    assert.ok(pushed.every((d) => d.events.length === 0), 'refusals are counted apart from the events')
    assert.deepEqual(submits.map((s) => s.decoded.events.map((e) => e.name)), [['ok']])
    submits[0]!.resolve()
    await batcher.settled()
    assert.deepEqual(mixed.answers, ['ack'])
  })

  test('at most two submits are under way, each of at most `batch` messages; the rest wait their turn', async () => {
    const { batcher, submits } = setup(2)
    const messages = Array.from({ length: 7 }, (_, i) => message(event(`m${i}`)))
    for (const m of messages) batcher.take(m)
    await turn()
    assert.deepEqual(submits.map((s) => s.decoded.events.length), [2, 2])
    submits[0]!.resolve()
    await turn()
    await turn()
    assert.deepEqual(submits.map((s) => s.decoded.events.length), [2, 2, 2])
    for (let i = 1; i < 3; i++) submits[i]!.resolve()
    await turn()
    await turn()
    submits[3]!.resolve()
    await batcher.settled()
    assert.deepEqual(submits.map((s) => s.decoded.events.length), [2, 2, 2, 1])
    assert.ok(messages.every((m) => m.answers.join() === 'ack'))
  })

  test('messages waiting behind the submits under way are decoded only when a submit takes them', async () => {
    const d = delivery()
    let decodes = 0
    const format = { name: 'upto', decode: (bytes: Uint8Array, meta: Parameters<typeof uptoFormat.decode>[1]) => (decodes++, uptoFormat.decode(bytes, meta)) }
    const batcher = createBatcher({ source: 'events', format, deliver: d.deliver, log, batch: 2, retryDelay: 1_000, ackWait: 30_000 })
    const messages = Array.from({ length: 7 }, (_, i) => message(event(`m${i}`)))
    for (const m of messages) batcher.take(m)
    await turn()
    assert.equal(decodes, 4, 'two submits of two messages decoded, three messages left as they came')
    d.submits[0]!.resolve()
    await turn()
    await turn()
    assert.equal(decodes, 6)
    for (let i = 1; i < 4; i++) {
      d.submits[i]!.resolve()
      await turn()
      await turn()
    }
    await batcher.settled()
    assert.equal(decodes, 7, 'each message decoded once')
    assert.ok(messages.every((m) => m.answers.join() === 'ack'))
  })

  test('a submit holds about one append of events: the message that would pass it waits for the next, whole', async () => {
    const { batcher, submits } = setup()
    const big = (m: number) => message(Array.from({ length: 1_000 }, (_, i) => event(`m${m}.e${i}`)))
    const messages = Array.from({ length: 6 }, (_, m) => big(m))
    for (const m of messages) batcher.take(m)
    await turn()
    assert.deepEqual(submits.map((s) => s.decoded.events.length), [5_000, 1_000])
    assert.equal(submits[1]!.decoded.events[0]!.name, 'm5.e0')
    for (const s of submits) s.resolve()
    await batcher.settled()
    assert.ok(messages.every((m) => m.answers.join() === 'ack'))
  })

  test('messages that are all malformed are terminated without a submit, and settled() does not wait for one', async () => {
    const { batcher, submits } = setup()
    const garbage = [message('{"type":'), message('not json')]
    for (const m of garbage) batcher.take(m)
    await batcher.settled()
    assert.deepEqual(garbage.map((m) => m.answers), [['term'], ['term']])
    assert.equal(submits.length, 0)
  })

  test('settled() resolves when the messages left behind a submit under way turn out all malformed', async () => {
    const { batcher, submits } = setup(1)
    const good = [message(event('a')), message(event('b'))]
    for (const m of good) batcher.take(m)
    await turn()
    const garbage = message('{"type":')
    batcher.take(garbage)
    const settled = batcher.settled()
    submits[0]!.resolve()
    submits[1]!.resolve()
    await settled
    assert.deepEqual([...good, garbage].map((m) => m.answers), [['ack'], ['ack'], ['term']])
    assert.equal(submits.length, 2)
  })

  test('once stopped, messages still arriving are given back at once, for another collector', async () => {
    const { batcher, submits } = setup()
    batcher.stop()
    const late = message(event('late'))
    batcher.take(late)
    await batcher.settled()
    assert.deepEqual(late.answers, ['nak'])
    assert.equal(submits.length, 0)
  })
})
