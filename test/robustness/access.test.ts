// Access control: tokens for HTTP writes and reads, signed UDP, what the collector says at start-up,
// header limits, and no path from a URL to a file.

import assert from 'node:assert/strict'
import { request } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { readSecrets } from '../../src/cli/secrets.ts'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createMetrics } from '../../src/pipeline/metrics.ts'
import { encodeEvent } from '../../src/codecs/encode.ts'
import { collectorParts, createApp } from '../../src/server/app.ts'
import { presented } from '../../src/http/auth.ts'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { describeExposure } from '../../src/server/exposure.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { Store } from '../../src/store/types.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { eventually, udpClient } from '../server/udp-client.ts'
import { metricsOf, sample } from './metrics-text.ts'

const parts = await collectorParts()

const WRITE = 'write-token-0123456789abcdef'
const READ = 'read-token-0123456789abcdef'
const KEY = 'udp-key-0123456789abcdef'
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`anyone:${token}`).toString('base64')}` })

function appWith(access: { write?: string; read?: string }) {
  const store = createMemoryStore()
  const metrics = createMetrics()
  const lines: string[] = []
  const log = createLogger({ sink: (l) => lines.push(l) })
  const ingest = createIngest({ store, metrics, log })
  const app = createApp({ parts, store, ingest, metrics, log, access })
  const post = (headers: Record<string, string> = {}) =>
    Promise.resolve(app.request('/api/events', {
      method: 'POST',
      body: JSON.stringify({ type: 'mark', context: 'deploy', name: 'tagged', timeline: '1' }),
      headers: { 'content-type': 'application/json', ...headers },
    }))
  const get = (path: string, headers: Record<string, string> = {}) => Promise.resolve(app.request(path, { headers }))
  return { app, store, lines, post, get }
}

describe('HTTP writes with --token', () => {
  test('need Authorization: Bearer with the token; without it 401 names what is missing and nothing is stored', async () => {
    const f = appWith({ write: WRITE })
    const res = await f.post()
    assert.equal(res.status, 401)
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="upto"')
    assert.deepEqual(await res.json(), {
      error: 'unauthorized',
      message: "POST /api/events needs a token: send Authorization: Bearer and the collector's --token",
    })
    assert.deepEqual(await f.store.contexts(), [])
    assert.equal((await f.post(bearer(WRITE))).status, 200)
    assert.equal((await f.store.messages('deploy', '1')).length, 1)
  })

  test('refuse a wrong token, a token of another length, and the read token', async () => {
    const f = appWith({ write: WRITE, read: READ })
    for (const token of [WRITE.slice(0, -1) + 'x', 'short', `${WRITE}${WRITE}`, '']) {
      const res = await f.post(bearer(token))
      assert.equal(res.status, 401, token)
    }
    const withRead = await f.post(bearer(READ))
    assert.equal(withRead.status, 403)
    assert.match(((await withRead.json()) as any).message, /needs the collector's --token: the token sent may only read/)
    assert.deepEqual(await f.store.contexts(), [])
    assert.ok(f.lines.some((l) => /warn refused an HTTP request with no token|with a wrong token/.test(l)), f.lines.join('\n'))
  })

  test('leave reads open when only --token is set', async () => {
    const f = appWith({ write: WRITE })
    for (const path of ['/api/', '/api/contexts', '/metrics', '/']) assert.equal((await f.get(path)).status, 200, path)
  })
})

describe('HTTP reads with --read-token', () => {
  const paths = ['/api/', '/api/contexts', '/api/contexts/deploy/latest', '/metrics', '/', '/c/deploy', '/c/deploy/latest', '/assets/upto.js', '/api/changes']

  test('need the read token or the write token on the API, the pages, their script, the live stream and /metrics', async () => {
    const f = appWith({ write: WRITE, read: READ })
    assert.equal((await f.post(bearer(WRITE))).status, 200)
    for (const path of paths) {
      const none = await f.get(path)
      assert.equal(none.status, 401, path)
      assert.match(none.headers.get('www-authenticate') ?? '', /Bearer realm="upto", Basic realm="upto"/, path)
      for (const headers of [bearer(READ), bearer(WRITE), basic(READ)]) {
        const res = await f.get(path, path === '/api/changes' ? { ...headers, accept: 'text/event-stream' } : headers)
        assert.notEqual(res.status, 401, `${path} ${headers.authorization}`)
        assert.notEqual(res.status, 403, path)
        await res.body?.cancel()
      }
      assert.equal((await f.get(path, bearer('wrong-token-0123456789'))).status, 401, path)
    }
  })

  test('leave writes open when only --read-token is set', async () => {
    const f = appWith({ read: READ })
    assert.equal((await f.post()).status, 200)
    assert.equal((await f.get('/api/contexts')).status, 401)
  })

  test('a token comes as Bearer or as the password of Basic credentials, nothing else', () => {
    assert.equal(presented(`Bearer ${READ}`), READ)
    assert.equal(presented(`bearer   ${READ}  `), READ)
    assert.equal(presented(basic(READ).authorization), READ)
    assert.equal(presented(`Basic ${Buffer.from(`:${READ}`).toString('base64')}`), READ)
    for (const header of [undefined, '', 'Bearer', 'Bearer ', READ, `Token ${READ}`, `Basic ${Buffer.from('user').toString('base64')}`, 'Basic !!!']) {
      assert.equal(presented(header), undefined, String(header))
    }
  })
})

describe('the collector with tokens and a UDP key', () => {
  let collector: Collector
  let store: Store
  let base: string
  const lines: string[] = []
  before(async () => {
    store = createMemoryStore()
    collector = await startCollector({ store, port: 0, token: WRITE, readToken: READ, udpKey: KEY, log: (l) => lines.push(l) })
    base = `http://127.0.0.1:${collector.httpPort}`
  })
  after(() => collector.close())

  test('says at start-up where it is bound and what each door needs', () => {
    const log = lines.join('\n')
    assert.match(log, /info bound to 127\.0\.0\.1: only this machine can reach the collector \(--host 0\.0\.0\.0 to listen on every interface\)/)
    assert.match(log, /info http writes need the --token/)
    assert.match(log, /info http reads need the --read-token or the --token/)
    assert.match(log, /info udp accepts only datagrams signed with the --udp-key/)
  })

  test('refuses and counts unsigned and badly signed datagrams, and stores what upto signs with UPTO_UDP_KEY', async () => {
    const udp = udpClient(collector.udpPort)
    try {
      await udp.send(encodeEvent({ kind: 'start', context: 'signed', name: 'plain', host: '', time: Date.now() }))
      await udp.send('start signed text\n')
      const env = { UPTO_UDP_KEY: `${KEY}-wrong` }
      assert.equal(await run(captureIo(['start', 'signed', 'forged', '--rp', String(collector.udpPort)], env)), 0)
      assert.equal(await run(captureIo(['start', 'signed', 'step', '--rp', String(collector.udpPort), '--timeline', '1'], { UPTO_UDP_KEY: KEY })), 0)
      const text = await eventually(async () => {
        const t = await metricsOf(base, bearer(READ))
        return sample(t, 'upto_events_received_total', { transport: 'udp' }) === 4 ? t : undefined
      })
      assert.equal(sample(text, 'upto_events_refused_total', { transport: 'udp', reason: 'unsigned' }), 2)
      assert.equal(sample(text, 'upto_events_refused_total', { transport: 'udp', reason: 'bad_signature' }), 1)
      await eventually(async () => ((await store.messages('signed', '1')).length === 1 ? true : undefined))
      assert.deepEqual((await store.messages('signed', '1')).map((m) => m.name), ['step'])
      assert.deepEqual((await store.contexts()).map((c) => c.timelines), [1])
    } finally {
      udp.close()
    }
  })

  test('the client sends UPTO_TOKEN with --http, and UPTO_READ_TOKEN or UPTO_TOKEN to read', async () => {
    const rp = String(collector.httpPort)
    const denied = captureIo(['mark', 'deploy', 'tagged', '--http', '--rp', rp, '--timeline', '7'])
    assert.equal(await run(denied), 1)
    assert.match(denied.stderr, /refused the event \(HTTP 401\): POST \/api\/events needs a token/)
    assert.equal(await run(captureIo(['mark', 'deploy', 'tagged', '--http', '--rp', rp, '--timeline', '7'], { UPTO_TOKEN: WRITE })), 0)

    const unread = captureIo(['ls', 'deploy', '--rp', rp])
    assert.equal(await run(unread), 1)
    assert.match(unread.stderr, /needs a token to read: set UPTO_READ_TOKEN \(or UPTO_TOKEN\) \(HTTP 401/)
    for (const env of [{ UPTO_READ_TOKEN: READ }, { UPTO_TOKEN: WRITE }] as Array<Record<string, string>>) {
      const io = captureIo(['ls', 'deploy', '--rp', rp, '--json'], env)
      assert.equal(await run(io), 0, io.stderr)
      assert.match(io.stdout, /"7"/)
      const chart = captureIo(['gantt', 'deploy', '--rp', rp], env)
      assert.equal(await run(chart), 0, chart.stderr)
    }
    const wrong = captureIo(['ls', '--rp', rp], { UPTO_READ_TOKEN: 'not-the-token-0123456789' })
    assert.equal(await run(wrong), 1)
    assert.match(wrong.stderr, /does not take the token in UPTO_READ_TOKEN/)
  })

  test('answers 431 to request headers over 16 KiB, and goes on answering', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/api/`, { headers: { ...bearer(READ), 'x-padding': 'x'.repeat(20_000) } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    assert.equal(status, 431)
    assert.equal((await fetch(`${base}/api/`, { headers: bearer(READ) })).status, 200)
  })

  test('has no path from a URL to a file: traversal attempts are 404, never a file', async () => {
    const attempts = [
      '/assets/../package.json', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/etc/passwd', '/c/..%2f..%2f..%2fetc%2fpasswd',
      '/c/deploy/..%2f..%2fpackage.json', '/c/deploy/%2e%2e.svg', '/api/contexts/..%2f..%2fetc/passwd', '/..%2f..%2fetc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd', '/assets/upto.js/../../../etc/passwd', '/assets/upto.js%00.txt', '//etc/passwd', '/gantt/x/..%5c..%5cpackage.json',
    ]
    for (const path of attempts) {
      const res = await fetch(base + path, { headers: bearer(READ) })
      const body = await res.text()
      assert.ok(res.status === 404 || res.status === 400, `${path}: ${res.status}`)
      assert.ok(!body.includes('root:x:0:0') && !body.includes('"devDependencies"'), `${path} gave a file`)
    }
  })
})

describe('the start-up words on exposure', () => {
  test('warn when other machines can reach an open collector', () => {
    const lines = describeExposure({ host: '0.0.0.0' })
    assert.deepEqual(lines.map((l) => l.level), ['info', 'warn', 'info', 'warn'])
    assert.match(lines[0]!.text, /bound to 0\.0\.0\.0: other machines can reach the collector/)
    assert.match(lines[1]!.text, /http writes are open to anyone who can reach the port: set --token/)
    assert.match(lines[3]!.text, /udp is open to anyone who can reach the port, as in the original upto: set --udp-key/)
  })

  test('only inform on loopback, and once everything is guarded', () => {
    assert.ok(describeExposure({ host: '127.0.0.1' }).every((l) => l.level === 'info'))
    assert.ok(describeExposure({ host: '::1' }).every((l) => l.level === 'info'))
    assert.ok(describeExposure({ host: '::', token: WRITE, readToken: READ, udpKey: KEY }).every((l) => l.level === 'info'))
  })
})

describe('the collector’s secrets', () => {
  let dir: string
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'upto-secrets-'))))
  after(() => rm(dir, { recursive: true, force: true }))

  test('come from the flag, else the file (trailing newline dropped), else the environment', async () => {
    await writeFile(join(dir, 'token'), `${WRITE}\n`)
    assert.deepEqual(await readSecrets({ token: WRITE }, {}), { token: WRITE })
    assert.deepEqual(await readSecrets({ tokenFile: join(dir, 'token') }, {}), { token: WRITE })
    assert.deepEqual(await readSecrets({}, { UPTO_TOKEN: WRITE, UPTO_READ_TOKEN: READ, UPTO_UDP_KEY: KEY }), { token: WRITE, readToken: READ, udpKey: KEY })
    assert.deepEqual(await readSecrets({}, { UPTO_TOKEN: '' }), {})
  })

  test('are refused when short, spaced, doubly given or unreadable, never printing the secret', async () => {
    const refused = async (options: object, env: Record<string, string>, pattern: RegExp) => {
      await assert.rejects(readSecrets(options, env), (error: Error) => {
        assert.match(error.message, pattern)
        assert.ok(!error.message.includes('short-one') && !error.message.includes('has space'), error.message)
        return true
      })
    }
    await refused({ token: 'short-one' }, {}, /invalid --token: 9 characters is too short: expected at least 16/)
    await refused({}, { UPTO_UDP_KEY: 'short-one' }, /invalid UPTO_UDP_KEY: 9 characters/)
    await refused({ readToken: 'it has space in it, long enough' }, {}, /invalid --read-token: it holds whitespace/)
    await refused({ token: WRITE, tokenFile: join(dir, 'token') }, {}, /give --token or --token-file, not both/)
    await refused({ udpKeyFile: join(dir, 'missing') }, {}, new RegExp(`cannot read --udp-key-file ${join(dir, 'missing')} \\(ENOENT\\)`))
  })
})
