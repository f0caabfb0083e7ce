// The NATS JetStream source against a real nats-server: events published on a subject end up durable in a
// LevelDB store, each message acknowledged only once its events are, nothing lost or counted twice when a
// collector dies, bad messages terminated and counted, and collectors on one durable sharing the messages.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { after, afterEach, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { encode } from '@msgpack/msgpack'
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { type NatsConnection, connect, headers } from '@nats-io/transport-node'
import { NatsSettingsError, NatsStartError, natsSource } from '../../src/sources/nats/index.ts'
import type { RunningSource } from '../../src/sources/types.ts'
import { eventually } from '../server/udp-client.ts'
import { type Pipeline, type PipelineOptions, createPipeline } from './nats-pipeline.ts'
import { describeWithNats, findNats, freshNames } from './nats-server.ts'

const found = await findNats()

interface Item {
  type: string | number
  context?: string
  name?: string
  host?: string
  timeline?: string
  id?: string
}
const mark = (context: string, name: string, extra: Partial<Item> = {}): Item => ({ type: 'mark', context, name, host: 'h', timeline: 'run', ...extra })

describe('the NATS source settings', () => {
  const refused = async (raw: Record<string, unknown>, expected: RegExp) => {
    const pipeline = await createPipeline()
    try {
      await assert.rejects(natsSource.start({ format: 'upto', ...raw }, pipeline.context), (error: Error) => {
        assert.ok(error instanceof NatsSettingsError || error instanceof NatsStartError, error.message)
        assert.match(error.message, expected)
        return true
      })
    } finally {
      await pipeline.close()
    }
  }

  test('refuses a stream or durable name JetStream would not take, naming the value and what is allowed', async () => {
    await refused({ stream: 'a.b' }, /\[sources\.events\] stream "a\.b" is not a stream name: expected 1–64 letters, digits, _ or -/)
    await refused({ durable: 'my consumer' }, /durable "my consumer" is not a consumer name/)
  })

  test('refuses a subject with spaces or a > that is not last, and a URL that is not a NATS server', async () => {
    await refused({ subject: 'upto events' }, /subject "upto events" is not a NATS subject: expected dot-separated words/)
    await refused({ subject: 'upto.>.x' }, /subject "upto\.>\.x" is not a NATS subject/)
    await refused({ url: 'http://127.0.0.1:4222' }, /url "http:\/\/127\.0\.0\.1:4222" is not a NATS server: expected a URL like nats:\/\/127\.0\.0\.1:4222/)
  })

  test('refuses half credentials, two kinds of credentials, bad numbers and unknown keys, never showing a secret', async () => {
    await refused({ user: 'upto' }, /user and password go together: expected both or neither/)
    await refused({ token: 's3cret', user: 'u', password: 'p' }, /token and user\/password are two ways to authenticate/)
    await refused({ batch: 0 }, /batch 0 is not allowed: expected a whole number of 1 or more/)
    await refused({ ack_wait: 'soon' }, /ack_wait "soon" is not allowed: expected a duration of 1s or more/)
    await refused({ subjects: 'x' }, /unknown key "subjects": expected one of url, subject, stream, durable/)
    await refused({ password: 42, user: 'u' }, /password \(secret\) is not a text/)
  })

  test('refuses a format that is not registered, saying which there are', async () => {
    await refused({ format: 'cdevents' }, /format "cdevents" is not known: expected one of upto/)
  })

  test('a server that does not answer stops the source at start-up with the address, the password masked', async () => {
    await refused({ url: 'nats://me:hunter2@127.0.0.1:1' }, /could not connect to NATS at nats:\/\/me:\*\*\*@127\.0\.0\.1:1/)
  })
})

describeWithNats('the NATS JetStream source', found, (url) => {
  let nc: NatsConnection
  let js: JetStreamClient
  let jsm: JetStreamManager
  const cleanups: Array<() => Promise<unknown>> = []

  before(async () => {
    nc = await connect({ servers: url })
    js = jetstream(nc)
    jsm = await jetstreamManager(nc)
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
  })
  after(() => nc.drain())

  /** A pipeline and a running source on a stream and subject of the test's own. */
  async function setup(settings: Record<string, unknown> = {}, names = freshNames(), options: PipelineOptions = {}) {
    const pipeline = await createPipeline(undefined, options)
    cleanups.push(() => pipeline.close())
    const running = await startSource(pipeline, { ...names, ...settings })
    cleanups.push(() => jsm.streams.delete(names.stream))
    return { ...names, pipeline, running, context: names.stream.toLowerCase() }
  }

  async function startSource(pipeline: Pipeline, settings: Record<string, unknown>): Promise<RunningSource> {
    const running = await natsSource.start({ url, format: 'upto', ack_wait: '1s', retry_delay: '1s', ...settings }, pipeline.context)
    cleanups.push(() => running.close())
    return running
  }

  async function publish(subject: string, body: Uint8Array | string, contentType?: string) {
    const h = headers()
    if (contentType !== undefined) h.set('Content-Type', contentType)
    return js.publish(subject, body, contentType === undefined ? {} : { headers: h })
  }

  const json = (value: unknown) => JSON.stringify(value)
  const consumerInfo = (stream: string) => jsm.consumers.info(stream, 'upto')
  /** Waits until `n` distinct events are stored for the context, and answers them. */
  const storedCount = (pipeline: Pipeline, context: string, n: number, ms = 10_000) =>
    eventually(async () => {
      const unique = await pipeline.unique(context)
      return unique.length >= n ? unique : undefined
    }, ms)

  test('one event and a batch, in JSON with and without a Content-Type, are stored and acknowledged', async () => {
    const { subject, stream, pipeline, context } = await setup()
    const one = await publish(subject, json(mark(context, 'one')), 'application/json')
    await publish(subject, json([mark(context, 'b.1'), mark(context, 'b.2'), mark(context, 'b.3')]))
    const stored = await storedCount(pipeline, context, 4)
    assert.deepEqual(stored.map((m) => m.name).sort(), ['b.1', 'b.2', 'b.3', 'one'])
    // events without an id get one made of where their message sits in the stream
    assert.equal(stored.find((m) => m.name === 'one')?.id, `nats:${stream}:${one.seq}:0`)
    assert.deepEqual(stored.filter((m) => m.name.startsWith('b.')).map((m) => m.id).sort(),
      [0, 1, 2].map((i) => `nats:${stream}:${one.seq + 1}:${i}`))
    await eventually(async () => ((await consumerInfo(stream)).num_ack_pending === 0 ? true : undefined))
    // work-queue retention: acknowledged messages leave the stream
    await eventually(async () => ((await jsm.streams.info(stream)).state.messages === 0 ? true : undefined))
    const snapshot = pipeline.metrics.snapshot()
    assert.equal(snapshot.received.events, 4)
    assert.equal(snapshot.accepted.events, 4)
  })

  test('msgpack, one map or an array, with the media type in a header or sniffed, keeps ids the sender gave; text lines by header', async () => {
    const { subject, pipeline, context } = await setup()
    await publish(subject, encode(mark(context, 'm.one', { id: 'mine' })), 'application/msgpack')
    await publish(subject, encode([mark(context, 'm.a'), mark(context, 'm.b')]))
    // a header name in another case is the same header, as in HTTP: here it says text lines
    const h = headers()
    h.set('content-type', 'text/plain')
    await js.publish(subject, `mark ${context} m.text timeline=run`, { headers: h })
    const stored = await storedCount(pipeline, context, 4)
    assert.deepEqual(stored.map((m) => m.name).sort(), ['m.a', 'm.b', 'm.one', 'm.text'])
    assert.equal(stored.find((m) => m.name === 'm.one')?.id, 'mine')
  })

  test('a message is acknowledged only once its events are durable: held while the store is slow', async () => {
    const { subject, stream, pipeline, context } = await setup()
    const release = pipeline.store.hold()
    await publish(subject, json(mark(context, 'slow')))
    await pipeline.store.started(1)
    // the append is under way and not finished: delivered, not acknowledged
    const waiting = await consumerInfo(stream)
    assert.equal(waiting.num_ack_pending, 1)
    assert.equal((await pipeline.stored(context)).length, 0)
    release()
    await storedCount(pipeline, context, 1)
    await eventually(async () => ((await consumerInfo(stream)).num_ack_pending === 0 ? true : undefined))
  })

  test('a message whose append failed is not acknowledged: it comes again and is stored once', async () => {
    const { subject, stream, pipeline, context } = await setup()
    pipeline.store.failNext(1, 'disk on fire')
    await publish(subject, json([mark(context, 'retry.a'), mark(context, 'retry.b')]))
    const stored = await storedCount(pipeline, context, 2)
    assert.deepEqual(stored.map((m) => m.name).sort(), ['retry.a', 'retry.b'])
    assert.equal((await pipeline.stored(context)).length, 2, 'the failed append left nothing behind')
    const info = await consumerInfo(stream)
    assert.ok(info.delivered.consumer_seq >= 2, `delivered twice (${info.delivered.consumer_seq})`)
    assert.equal(info.num_ack_pending, 0)
    assert.match(pipeline.lines.join('\n'), /error events: 1 NATS messages not stored, delivered again in 1000 ms: disk on fire/)
  })

  test('while the store takes no writes, messages are given back and come again until it has recovered', async () => {
    const { subject, stream, pipeline, context } = await setup({}, freshNames(), { health: true })
    pipeline.store.recover = async () => {}
    pipeline.store.failNext(1, 'No space left on device')
    await publish(subject, json(mark(context, 'first')))
    await eventually(async () => (pipeline.health?.refusing() !== undefined ? true : undefined))
    await publish(subject, json(mark(context, 'second')))
    // refused, given back, delivered again (1 s later) and refused again while the store is down
    await eventually(async () => ((await consumerInfo(stream)).num_redelivered >= 1 ? true : undefined))
    assert.equal((await pipeline.stored(context)).length, 0)
    assert.match(pipeline.lines.join('\n'), /warn events: 1 NATS messages not stored, delivered again in 1000 ms: could not store a batch of 1 events: No space left on device/)
    await pipeline.health!.check()
    assert.equal(pipeline.health!.refusing(), undefined)
    const stored = await storedCount(pipeline, context, 2)
    assert.deepEqual(stored.map((m) => m.name).sort(), ['first', 'second'])
    await eventually(async () => ((await consumerInfo(stream)).num_ack_pending === 0 ? true : undefined))
  })

  test('close() waits for the events under way, acknowledges them, and leaves nothing unacknowledged', async () => {
    const { subject, stream, pipeline, context, running } = await setup()
    const release = pipeline.store.hold()
    await publish(subject, json(mark(context, 'in.flight')))
    await pipeline.store.started(1)
    let closed = false
    const closing = running.close().then(() => (closed = true))
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.equal(closed, false, 'close() waits for the submit under way')
    release()
    await closing
    assert.equal((await pipeline.stored(context)).length, 1)
    const info = await consumerInfo(stream)
    assert.equal(info.num_ack_pending, 0)
    assert.equal(info.ack_floor.stream_seq, 1)
  })

  test('a consumer deleted under a running source is made again, and what was published meanwhile is stored', async () => {
    const { subject, stream, pipeline, context } = await setup()
    await publish(subject, json(mark(context, 'before')))
    await storedCount(pipeline, context, 1)
    await jsm.consumers.delete(stream, 'upto')
    await publish(subject, json(mark(context, 'meanwhile')))
    const stored = await storedCount(pipeline, context, 2, 30_000)
    assert.deepEqual(stored.map((m) => m.name).sort(), ['before', 'meanwhile'])
    assert.match(pipeline.lines.join('\n'), /events: JetStream says consumer (deleted|not found); making it again/)
  })

  test('an existing stream that lacks the subject gets it added; one whose wildcard covers it is left alone', async () => {
    const names = freshNames()
    cleanups.push(() => jsm.streams.delete(names.stream))
    await jsm.streams.add({ name: names.stream, subjects: [`${names.subject}.other`] })
    const { pipeline, context } = await setup({}, names)
    assert.deepEqual((await jsm.streams.info(names.stream)).config.subjects, [`${names.subject}.other`, names.subject])
    assert.match(pipeline.lines.join('\n'), new RegExp(`added ${names.subject.replaceAll('.', '\\.')} to the subjects of JetStream stream ${names.stream}`))
    await publish(names.subject, json(mark(context, 'added')))
    await storedCount(pipeline, context, 1)

    const wide = freshNames()
    cleanups.push(() => jsm.streams.delete(wide.stream))
    await jsm.streams.add({ name: wide.stream, subjects: [`${wide.subject}.>`] })
    await setup({ subject: `${wide.subject}.ci` }, wide)
    assert.deepEqual((await jsm.streams.info(wide.stream)).config.subjects, [`${wide.subject}.>`])
  })

  test('a collector killed mid-stream loses nothing: another on the same durable stores the rest, nothing counted twice', async () => {
    const names = freshNames()
    cleanups.push(() => jsm.streams.delete(names.stream))
    const context = names.stream.toLowerCase()
    const first = await createPipeline()
    await first.close(false) // the child process opens the folder
    const settings = { url, ...names, ack_wait: '1s', batch: 5 }
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('nats-child.ts', import.meta.url)), first.folder, JSON.stringify(settings)],
      { stdio: ['ignore', 'pipe', 'pipe'] })
    cleanups.push(async () => child.kill('SIGKILL'))
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk))
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk))
    await eventually(async () => (out.includes('started') ? true : undefined), 30_000).catch(() => {
      throw new Error(`the child collector did not start: ${err}`)
    })
    const expected: string[] = []
    for (let m = 0; m < 60; m++) {
      const batch = Array.from({ length: 10 }, (_, i) => mark(context, `m${m}.e${i}`))
      expected.push(...batch.map((e) => e.name!))
      await publish(names.subject, json(batch))
    }
    // two appends written, the second never acknowledged
    await eventually(async () => (out.split('stored').length > 2 ? true : undefined), 20_000)
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    // mid-stream: some messages acknowledged, others delivered and not (stored or not)
    const dead = await consumerInfo(names.stream)
    assert.ok(dead.ack_floor.stream_seq > 0 && dead.ack_floor.stream_seq < 60, `acknowledged up to ${dead.ack_floor.stream_seq} of 60`)
    const storedByFirst = Math.max(...[...out.matchAll(/stored (\d+)/g)].map((m) => Number(m[1])))
    assert.ok(storedByFirst < expected.length, `the first stored ${storedByFirst} of ${expected.length} events`)

    const second = await createPipeline(first.folder)
    cleanups.push(() => second.close())
    await startSource(second, { ...names, batch: 5 })
    // every message acknowledged at last, by the second
    await eventually(async () => {
      const info = await consumerInfo(names.stream)
      return info.num_ack_pending === 0 && info.num_pending === 0 ? true : undefined
    }, 20_000)
    const unique = await second.unique(context)
    assert.deepEqual(unique.map((m) => m.name).sort(), [...expected].sort())
    assert.equal(unique.length, expected.length)
    const raw = await second.stored(context)
    assert.ok(raw.length > unique.length, `the unacknowledged messages were stored again (${raw.length} stored, ${unique.length} distinct)`)
  })

  test('a malformed message is terminated, counted and logged, never delivered again; the next is stored', async () => {
    const { subject, stream, pipeline, context } = await setup()
    await publish(subject, '{"type": "mark", "context": ', 'application/json')
    await publish(subject, json([{ type: 'mark', name: 'no.context' }, { type: 'nope', context, name: 'x' }]))
    await publish(subject, json(mark(context, 'after')))
    await storedCount(pipeline, context, 1)
    const info = await eventually(async () => {
      const i = await consumerInfo(stream)
      return i.num_ack_pending === 0 ? i : undefined
    })
    const { refused } = pipeline.metrics.snapshot()
    assert.equal(refused['events malformed'], 1)
    assert.equal(refused['events bad_context'], 1)
    assert.equal(refused['events bad_type'], 1)
    assert.match(pipeline.lines.join('\n'), /warn refused events malformed from stream \S+ message 1 #0/)
    assert.match(pipeline.lines.join('\n'), /events: NATS message 1 of stream \S+ on \S+ terminated, not delivered again/)
    // past the ack wait: still nothing delivered again
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const later = await consumerInfo(stream)
    assert.equal(later.delivered.consumer_seq, info.delivered.consumer_seq)
    assert.equal(later.num_redelivered, 0)
    assert.equal(pipeline.metrics.snapshot().received.events, 4)
    assert.equal((await jsm.streams.info(stream)).state.messages, 0)
  })

  test('a mixed batch keeps its valid items, acknowledges the message and counts the refused ones', async () => {
    const { subject, stream, pipeline, context } = await setup()
    await publish(subject, json([mark(context, 'ok.1'), { type: 'mark', context, name: '' }, mark(context, 'ok.2')]))
    const stored = await storedCount(pipeline, context, 2)
    assert.deepEqual(stored.map((m) => m.name).sort(), ['ok.1', 'ok.2'])
    await eventually(async () => ((await consumerInfo(stream)).num_ack_pending === 0 ? true : undefined))
    assert.equal(pipeline.metrics.snapshot().refused['events bad_name'], 1)
    assert.equal((await consumerInfo(stream)).num_redelivered, 0)
  })

  test('two collectors on one durable split the messages as a work queue, each message stored once', async () => {
    const names = freshNames()
    const a = await setup({ batch: 5 }, names)
    const b = await createPipeline()
    cleanups.push(() => b.close())
    await startSource(b, { ...names, batch: 5 })
    // slow appends, so that neither collector can take everything before the other asks
    for (const p of [a.pipeline, b]) {
      const append = p.store.append
      p.store.append = async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 10))
        return append(...args)
      }
    }
    const expected: string[] = []
    for (let m = 0; m < 100; m++) {
      expected.push(`w${m}`)
      await publish(names.subject, json(mark(a.context, `w${m}`)))
    }
    await eventually(async () => {
      const n = (await a.pipeline.unique(a.context)).length + (await b.unique(a.context)).length
      return n >= expected.length ? true : undefined
    }, 20_000)
    const inA = (await a.pipeline.stored(a.context)).map((m) => m.name)
    const inB = (await b.stored(a.context)).map((m) => m.name)
    assert.ok(inA.length > 0 && inB.length > 0, `both took a share (${inA.length} and ${inB.length})`)
    assert.deepEqual([...inA, ...inB].sort(), [...expected].sort(), 'every message stored once, by one of them')
  })
})
