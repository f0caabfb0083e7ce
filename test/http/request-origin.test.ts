// What a web page of another site can do through its reader's browser: without --token, write nothing (no
// simple content type, no foreign Origin); with DNS rebinding, read nothing (Host checked). And the headers
// every page carries.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'

import { type AppOptions, collectorParts, createApp, pageStyles } from '../../src/server/app.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { encodeBatch } from '../../src/codecs/encode.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { startCollectorProcess } from '../helpers/collector-process.ts'
import { bodyOf, ev, t0 } from '../server/app-fixture.ts'

const parts = await collectorParts()

function collectorApp(more: Partial<AppOptions> = {}) {
  const store = createMemoryStore()
  const metrics = createMetrics()
  const log = createLogger({ sink: () => {} })
  const ingest = createIngest({ store, metrics, log })
  const app = createApp({ parts, store, ingest, metrics, log, ...more })
  const request = (path: string, init: RequestInit = {}) => Promise.resolve(app.request(`http://127.0.0.1:8123${path}`, init))
  const post = (body: string, headers: Record<string, string>) => request('/api/events', { method: 'POST', body, headers })
  const stored = async () => (await store.contexts()).map((c) => c.name)
  return { request, post, stored }
}

const json = JSON.stringify([ev('start', 'build', 'compile', 0)])

describe('writes without --token', () => {
  test('refuse the content types any web page may send cross-site, and store nothing', async () => {
    const c = collectorApp()
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await c.post(type.startsWith('text') ? 'start evil step' : json, { 'content-type': type })
      assert.equal(res.status, 415, type)
      const [refusal] = (await bodyOf(res)).refused
      assert.equal(refusal.reason, 'unsupported_media_type')
      assert.match(refusal.detail, /is what any web page can send cross-site, and writes need no --token here: expected application\/json, application\/msgpack or text\/x-upto/)
    }
    // a Blob with no type: no Content-Type at all
    assert.equal((await c.request('/api/events', { method: 'POST', body: new Uint8Array(Buffer.from(json)) })).status, 415)
    assert.deepEqual(await c.stored(), [])
  })

  test('take JSON, msgpack and text lines under text/x-upto', async () => {
    const c = collectorApp()
    assert.equal((await c.post(json, { 'content-type': 'application/json' })).status, 200)
    const packed = encodeBatch([{ kind: 'mark', context: 'build', name: 'tagged', host: '', time: t0 }])
    assert.equal((await c.request('/api/events', { method: 'POST', body: packed, headers: { 'content-type': 'application/msgpack' } })).status, 200)
    const text = await c.post('start deploy db.migrate\nend deploy db.migrate', { 'content-type': 'text/x-upto' })
    assert.deepEqual(await bodyOf(text), { accepted: 2, refused: [] })
    assert.deepEqual(await c.stored(), ['build', 'deploy'])
  })

  test('with --token, text/plain is taken as before: a page cannot send the token', async () => {
    const token = 'write-token-0123456789'
    const c = collectorApp({ access: { write: token } })
    const res = await c.post('start deploy db.migrate', { 'content-type': 'text/plain', authorization: `Bearer ${token}` })
    assert.equal(res.status, 200)
  })
})

describe('the Origin of a write', () => {
  test('from a page of another site is refused, whatever its token, and nothing is stored', async () => {
    const token = 'write-token-0123456789'
    for (const c of [collectorApp(), collectorApp({ access: { write: token } })]) {
      for (const origin of ['https://evil.example', 'http://127.0.0.1:9999', 'null']) {
        const res = await c.post(json, { 'content-type': 'application/json', origin, authorization: `Bearer ${token}` })
        assert.equal(res.status, 403, origin)
        assert.match((await bodyOf(res)).message, /a write from a page of .* is refused: expected a page of this collector, or an origin given with --allow-origin/)
      }
      assert.deepEqual(await c.stored(), [])
    }
  })

  test('from its own pages, from an origin given with --allow-origin, or with none (not a browser) is taken', async () => {
    const c = collectorApp({ origins: { allowOrigins: ['https://ci.example.com'] } })
    for (const origin of ['http://127.0.0.1:8123', 'https://ci.example.com', undefined]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(origin ? { origin } : {}) }
      assert.equal((await c.post(json, headers)).status, 200, origin)
    }
  })
})

describe('the Host of a request', () => {
  test('a name nobody gave the collector is refused, reads too (DNS rebinding)', async () => {
    const c = collectorApp({ origins: { machine: 'buildbox' } })
    for (const path of ['/', '/api/', '/api/contexts', '/metrics']) {
      const res = await c.request(path, { headers: { host: 'rebind.evil.example:8123' } })
      assert.equal(res.status, 403, path)
      assert.match((await bodyOf(res)).message, /Host "rebind.evil.example:8123" is not a name of this collector: expected its address, localhost, or a name given with --public-url/)
    }
  })

  test('its addresses, localhost, the machine and the names of --public-url are answered', async () => {
    const c = collectorApp({ origins: { machine: 'buildbox.corp.example', publicHosts: ['upto.example.com'] } })
    for (const host of ['127.0.0.1:8123', '[::1]:8123', '10.1.2.3', 'localhost:8123', 'app.localhost', 'buildbox', 'BUILDBOX.corp.example:8123', 'upto.example.com']) {
      assert.equal((await c.request('/api/', { headers: { host } })).status, 200, host)
    }
  })
})

describe('every answer', () => {
  test('carries the Content-Security-Policy, nosniff, no framing and a same-origin referrer', async () => {
    const c = collectorApp()
    for (const path of ['/', '/api/', '/nothing-here']) {
      const res = await c.request(path)
      assert.match(res.headers.get('content-security-policy') ?? '', /^default-src 'self'; style-src 'self' 'sha256-/, path)
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
      assert.equal(res.headers.get('x-frame-options'), 'DENY')
      assert.equal(res.headers.get('referrer-policy'), 'same-origin')
    }
  })

  test('has no inline style the policy does not allow, and no inline script', async () => {
    const c = collectorApp()
    await c.post(JSON.stringify([ev('start', 'build', 'compile', 0, { timeline: '1' }), ev('end', 'build', 'compile', 5_000, { timeline: '1' })]), { 'content-type': 'application/json' })
    for (const path of ['/', '/c/build', '/c/build/1', '/c/build/1.svg', '/c/build/1?part=chart', '/compare/build']) {
      const html = await (await c.request(path)).text()
      for (const [, css] of html.matchAll(/<style>([^<]*)<\/style>/g)) assert.ok(pageStyles(parts).includes(css!), `${path}: a <style> the policy allows`)
      assert.doesNotMatch(html, /\sstyle="/, `${path}: no style attribute`)
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)/, `${path}: no inline script`)
    }
  })
})

describe('upto serve --public-url and --allow-origin', () => {
  /** A request with a Host header of our choosing (fetch does not let one be set). */
  function raw(port: number, host: string, method = 'GET', headers: Record<string, string> = {}, body = ''): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: method === 'GET' ? '/api/' : '/api/events', method, headers: { host, ...headers } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  test('answer the names and take the writes of the pages they give', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'upto-origin-'))
    const collector = await startCollectorProcess(join(dir, 'data'), undefined, {
      args: ['--public-url', 'https://upto.example.com/', '--allow-origin', 'https://ci.example.com'],
    })
    try {
      assert.equal(await raw(collector.port, 'upto.example.com'), 200)
      assert.equal(await raw(collector.port, 'other.example.com'), 403)
      const write = (origin: string) => raw(collector.port, `127.0.0.1:${collector.port}`, 'POST', { 'content-type': 'application/json', origin }, json)
      assert.equal(await write('https://ci.example.com'), 200)
      assert.equal(await write('https://evil.example.com'), 403)
    } finally {
      await collector.stop()
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('refuse a URL or an origin they cannot read, saying what they expected', async () => {
    for (const [flag, value, expected] of [
      ['--public-url', 'upto.example.com', /invalid --public-url "upto.example.com": expected a URL like https:\/\/upto.example.com/],
      ['--allow-origin', 'https://ci.example.com/page', /invalid --allow-origin "https:\/\/ci.example.com\/page": expected an origin like https:\/\/ci.example.com \(scheme, name and port only\)/],
    ] as const) {
      const io = captureIo(['serve', flag, value, '--port', '1'])
      assert.equal(await run(io), 2)
      assert.match(io.stderr, expected)
    }
  })
})
