import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { encodeBatch } from '../../src/codecs/encode.ts'
import { createSpyStore } from '../pipeline/spy-store.ts'
import { appFixture, bodyOf, ev, t0 } from '../server/app-fixture.ts'

describe('POST /api/events', () => {
  test('answers 200 with the count accepted once the events are stored', async () => {
    const f = appFixture()
    const res = await f.post([ev('new', 'build', '', 0, { timeline: '7' }), ev('start', 'build', 'compile', 1), ev('end', 'build', 'compile', 2)])
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
    assert.deepEqual(await bodyOf(res), { accepted: 3, refused: [] })
    assert.deepEqual((await f.store.messages('build', '7')).map((m) => m.kind), ['new', 'start', 'end'])
  })

  test('accepts one object as well as an array', async () => {
    const f = appFixture()
    const res = await f.post(ev('mark', 'build', 'tagged', 0))
    assert.deepEqual(await bodyOf(res), { accepted: 1, refused: [] })
  })

  test('accepts msgpack bodies from the client encoder', async () => {
    const f = appFixture()
    const body = encodeBatch([{ kind: 'start', context: 'deploy', name: 'db.migrate', host: 'h1', time: t0 }])
    const res = await f.post(body, { 'content-type': 'application/msgpack' })
    assert.deepEqual(await bodyOf(res), { accepted: 1, refused: [] })
  })

  test('keeps the valid items of a mixed batch and says why each other one was refused', async () => {
    const f = appFixture()
    const res = await f.post([ev('start', 'build', 'ok', 0), ev('start', 'build', 'bad\u0001name', 0), 42])
    assert.equal(res.status, 200)
    const body = await bodyOf(res)
    assert.equal(body.accepted, 1)
    assert.deepEqual(body.refused.map((r: any) => [r.index, r.reason]), [[1, 'bad_name'], [2, 'not_an_event']])
    assert.equal(typeof body.refused[0].detail, 'string')
  })

  test('answers 400 with the same shape when every item was refused', async () => {
    const f = appFixture()
    const res = await f.post([ev('begin', 'build', 'x', 0)])
    assert.equal(res.status, 400)
    const body = await bodyOf(res)
    assert.equal(body.accepted, 0)
    assert.equal(body.refused[0].reason, 'bad_type')
  })

  test('answers 400 malformed for a body that is not JSON', async () => {
    const f = appFixture()
    const res = await f.post('{nope')
    assert.equal(res.status, 400)
    assert.equal((await bodyOf(res)).refused[0].reason, 'malformed')
  })

  test('answers 200 to an empty array', async () => {
    const f = appFixture()
    const res = await f.post([])
    assert.equal(res.status, 200)
    assert.deepEqual(await bodyOf(res), { accepted: 0, refused: [] })
  })

  test('answers 415 to a content type it does not read', async () => {
    const f = appFixture()
    const res = await f.post('<xml/>', { 'content-type': 'application/xml' })
    assert.equal(res.status, 415)
    const body = await bodyOf(res)
    assert.equal(body.refused[0].reason, 'unsupported_media_type')
  })

  test('answers 413 early when Content-Length is over the limit', async () => {
    const f = appFixture({ bodyBytes: 100 })
    const res = await f.post('[]', { 'content-length': '5000' })
    assert.equal(res.status, 413)
    const body = await bodyOf(res)
    assert.deepEqual(body.refused.map((r: any) => r.reason), ['too_large'])
    assert.match(body.refused[0].detail, /at most 100 bytes/)
  })

  test('answers 413 when a streamed body grows over the limit', async () => {
    const f = appFixture({ bodyBytes: 100 })
    const chunk = new TextEncoder().encode(' '.repeat(60))
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(chunk)
      },
    })
    const res = await f.app.request('/api/events', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit)
    assert.equal(res.status, 413)
  })

  test('answers 500 with the reason when the store fails, and the next request is stored', async () => {
    const store = createSpyStore()
    const f = appFixture({ store })
    store.failNext(1, 'disk full')
    const res = await f.post([ev('start', 'build', 'a', 0)])
    assert.equal(res.status, 500)
    assert.deepEqual(await bodyOf(res), { error: 'store_failed', message: 'could not store the events: disk full' })
    assert.equal((await f.post([ev('start', 'build', 'b', 0)])).status, 200)
  })

  test('answers 503 once the collector is shutting down', async () => {
    const f = appFixture()
    await f.ingest.close()
    const res = await f.post([ev('start', 'build', 'a', 0)])
    assert.equal(res.status, 503)
    assert.equal((await bodyOf(res)).error, 'unavailable')
  })

  test('counts refusals at /metrics and logs them', async () => {
    const f = appFixture()
    await f.post([ev('start', 'build', 'bad\u0001name', 0), ev('start', 'build', 'ok', 0)])
    await f.post('<xml/>', { 'content-type': 'application/xml' })
    const res = await f.get('/metrics')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8')
    const text = await res.text()
    assert.match(text, /^upto_events_received_total\{transport="http"\} 3$/m)
    assert.match(text, /^upto_events_accepted_total\{transport="http"\} 1$/m)
    assert.match(text, /^upto_events_refused_total\{transport="http",reason="bad_name"\} 1$/m)
    assert.match(text, /^upto_events_refused_total\{transport="http",reason="unsupported_media_type"\} 1$/m)
    assert.match(text, /^upto_events_stored_total 1$/m)
    assert.match(f.lines.join('\n'), /warn refused http bad_name #0: /)
  })
})
