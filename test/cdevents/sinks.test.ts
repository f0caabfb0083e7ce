// Every accepted CDEvent forwarded (`[sinks.NAME] feed = "cdevents"`): the http sink as binary CloudEvents to a
// local receiver that fails at first (a dropped connection, 503, 429: retries seen, nothing lost, nothing twice),
// signed; the folder sink, one file per event named by its id; stdout as JSON lines; NATS on a subject.

import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { connect } from '@nats-io/transport-node'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { fileNameOf } from '../../src/sinks/folder/sink.ts'
import { stdoutSink } from '../../src/sinks/stdout/sink.ts'
import { tempFolder } from '../store/temp-folder.ts'
import { eventually } from '../server/udp-client.ts'
import { describeWithNats, findNats, freshNames } from '../sources/nats-server.ts'
import { fixture, fixtures } from './fixtures.ts'

const quiet = { info() {}, warn() {}, error() {}, limited() {}, refused() {}, flush() {} } as any

interface Received {
  headers: IncomingMessage['headers']
  body: string
}

let server: Server
let receiverUrl: string
const received: Received[] = []
const answers: Array<number | 'drop'> = []
let attempts = 0

before(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      attempts++
      const answer = answers.shift() ?? 202
      if (answer === 'drop') {
        req.socket.destroy()
        return
      }
      if (answer < 300) received.push({ headers: req.headers, body })
      res.writeHead(answer).end()
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  receiverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/events`
})
after(() => new Promise<void>((done) => server.close(() => done())))

describe('the http and folder sinks on a collector', () => {
  let collector: Collector
  let folder: { dir: string; remove(): Promise<void> }
  before(async () => {
    folder = await tempFolder()
    collector = await startCollector({
      store: createMemoryStore(), port: 0, log: () => {},
      sinks: [
        { name: 'cdviz', type: 'http', enabled: true, feed: 'cdevents', options: { url: receiverUrl, signature_header: 'x-signature-256', signature_secret: 'k', signature_prefix: 'sha256=', signature_encoding: 'hex', timeout: 5_000 } },
        { name: 'files', type: 'folder', enabled: true, feed: 'cdevents', options: { path: join(folder.dir, 'out') } },
      ],
    })
  })
  after(async () => {
    await collector.close()
    await folder.remove()
  })

  test('fails at first, then takes everything once: binary CloudEvents, signed; one file per event', async () => {
    answers.push('drop', 503, 429, 408)
    const events = fixtures.filter((f) => f.version === 'v0.5.1').slice(0, 6).map((f) => f.event)
    const response = await fetch(`http://127.0.0.1:${collector.httpPort}/api/cdevents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) })
    assert.equal(response.status, 201)
    await eventually(async () => (received.length >= 6 ? true : undefined), 20_000)
    assert.equal(attempts, 10, '4 failures, then 6 taken')
    assert.equal(received.length, 6, 'nothing lost, nothing twice')
    assert.deepEqual(received.map((r) => r.headers['ce-type']).sort(), events.map((e) => e.context.type).sort())
    const one = received.find((r) => r.headers['ce-type'] === events[0].context.type)!
    assert.equal(one.headers['ce-id'], events[0].context.id)
    assert.equal(one.headers['ce-source'], events[0].context.source)
    assert.equal(one.headers['ce-time'], events[0].context.timestamp)
    assert.equal(one.headers['ce-specversion'], '1.0')
    assert.equal(one.headers['content-type'], 'application/json')
    assert.deepEqual(JSON.parse(one.body), events[0])
    assert.equal(one.headers['x-signature-256'], `sha256=${createHmac('sha256', 'k').update(one.body).digest('hex')}`)
    const metrics = await (await fetch(`http://127.0.0.1:${collector.httpPort}/metrics`)).text()
    assert.match(metrics, /upto_sink_failures_total\{sink="cdviz"\} [1-9]/)

    // the conformance files share one context id: the folder sink names files by id, so one file
    const files = await eventually(async () => {
      const names = await readdir(join(folder.dir, 'out')).catch(() => [])
      return names.length === 1 ? names : undefined
    })
    assert.deepEqual(files, [fileNameOf(events[0].context.id)])
    const e = fixture('v0.4.1', 'change_merged.json')
    e.context.id = 'change/42'
    await fetch(`http://127.0.0.1:${collector.httpPort}/api/cdevents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(e) })
    const path = join(folder.dir, 'out', 'change%2F42.json')
    const written = await eventually(async () => JSON.parse(await readFile(path, 'utf8')))
    assert.deepEqual(written, e)
  })
})

test('stdout: one JSON line per CDEvent', async () => {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (c) => (text += c))
  const sink = stdoutSink.create({ stream }, { name: 'out', log: quiet, now: Date.now })
  const a = fixture('v0.3.0', 'build_queued.json')
  await sink.writeItems!([{ id: 'x', source: 's', type: 't', time: 'now', specversion: '1.0', data: a }])
  assert.deepEqual(text.trimEnd().split('\n').map((l) => JSON.parse(l)), [a])
})

describeWithNats('the nats sink', await findNats(), (url) => {
  test('every accepted CDEvent on the subject, its attributes as ce-* headers', async () => {
    const { subject } = freshNames()
    const nc = await connect({ servers: url })
    const got: Array<{ id: string; body: any }> = []
    const subscription = nc.subscribe(subject, { callback: (_e, m) => void got.push({ id: m.headers?.get('ce-id') ?? '', body: m.json() }) })
    await nc.flush()
    const collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {}, sinks: [{ name: 'bus', type: 'nats', enabled: true, feed: 'cdevents', options: { url, subject } }] })
    try {
      const e = fixture('v0.5.1', 'service_deployed.json')
      e.context.id = 'nats-out-1'
      assert.equal((await fetch(`http://127.0.0.1:${collector.httpPort}/api/cdevents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(e) })).status, 201)
      await eventually(async () => (got.length === 1 ? true : undefined))
      assert.deepEqual(got, [{ id: 'nats-out-1', body: e }])
    } finally {
      await collector.close()
      subscription.unsubscribe()
      await nc.drain()
    }
  })
})
