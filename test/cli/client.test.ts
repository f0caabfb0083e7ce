import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { decodeHttpBody } from '../../src/codecs/http-body.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { udpSink } from '../helpers/udp-sink.ts'

const now = 1_700_000_000_123

describe('client commands over UDP', async () => {
  const sink = await udpSink()
  after(() => sink.close())
  let sent = 0
  async function send(argv: string[], env: Record<string, string> = {}) {
    const io = captureIo(argv, env, now)
    const code = await run(io)
    sent += 1
    const datagram = (await sink.received(sent))[sent - 1] as Buffer
    return { code, io, decoded: decodeDatagram(datagram, now + 5, '127.0.0.1') }
  }

  test('start sends one msgpack datagram with the context, dotted name, host and time', async () => {
    const { code, io, decoded } = await send(['start', 'deploy', 'db.migrate', '--rp', String(sink.port), '-n', 'web1'])
    assert.equal(code, 0)
    assert.equal(io.stderr, '')
    assert.deepEqual(decoded.refused, [])
    assert.equal(decoded.events.length, 1)
    assert.deepEqual(decoded.events[0], { kind: 'start', context: 'deploy', name: 'db.migrate', host: 'web1', time: now })
  })

  test('the original flags are accepted before the command as well as after it', async () => {
    const { code, decoded } = await send(['--rh', '127.0.0.1', '--remoteport', String(sink.port), 'end', 'deploy', 'db'])
    assert.equal(code, 0)
    assert.equal(decoded.events[0]?.kind, 'end')
    assert.equal(decoded.events[0]?.name, 'db')
  })

  test('status, message, timeline and repeated attrs travel with the event', async () => {
    const { decoded } = await send([
      'end', 'build', 'unit', '--rp', String(sink.port), '--timeline', '1234', '--status', 'error',
      '--message', 'exit 3', '--attr', 'commit=3f2a', '--attr', 'runner=ci-7',
    ])
    assert.deepEqual(decoded.events[0], {
      kind: 'end', context: 'build', name: 'unit', host: '', time: now, timeline: '1234',
      status: 'error', message: 'exit 3', attrs: { commit: '3f2a', runner: 'ci-7' },
    })
  })

  test('mark and its alias event send instant events; new sends a timeline with no name', async () => {
    assert.equal((await send(['mark', 'deploy', 'tagged', '--rp', String(sink.port)])).decoded.events[0]?.kind, 'mark')
    assert.equal((await send(['event', 'deploy', 'tagged', '--rp', String(sink.port)])).decoded.events[0]?.kind, 'mark')
    const created = (await send(['new', 'deploy', '--rp', String(sink.port), '--timeline', 'v2.3'])).decoded.events[0]
    assert.equal(created?.kind, 'new')
    assert.equal(created?.timeline, 'v2.3')
    assert.equal(created?.name, '')
  })

  test('--autoip asks the collector to record the sender address as host', async () => {
    const { decoded } = await send(['start', 'deploy', 'x', '--rp', String(sink.port), '-i'])
    assert.equal(decoded.events[0]?.host, '127.0.0.1')
  })

  test('UPTO_SERVER names the collector when no flag does', async () => {
    const { decoded } = await send(['start', 'ci', 'lint'], { UPTO_SERVER: `127.0.0.1:${sink.port}` })
    assert.equal(decoded.events[0]?.context, 'ci')
  })
})

describe('client commands that cannot deliver', () => {
  test('UDP to a port where nobody listens still exits 0', async () => {
    const io = captureIo(['start', 'deploy', 'db', '--rp', '9'])
    assert.equal(await run(io), 0)
  })

  test('--http to a port where nobody listens exits 1 and says where it tried', async () => {
    const io = captureIo(['start', 'deploy', 'db', '--http', '--rp', '9', '--timeout', '2'])
    assert.equal(await run(io), 1)
    assert.match(io.stderr, /could not deliver to http:\/\/127\.0\.0\.1:9\/api\/events/)
  })

  test('a malformed --attr is a usage error that names the value and the expected form', async () => {
    const io = captureIo(['start', 'deploy', 'db', '--attr', 'novalue', '--rp', '9'])
    assert.equal(await run(io), 2)
    assert.match(io.stderr, /invalid --attr "novalue": expected key=value/)
  })

  test('a bad port is a usage error', async () => {
    const io = captureIo(['start', 'deploy', 'db', '--rp', 'http'])
    assert.equal(await run(io), 2)
    assert.match(io.stderr, /invalid --remoteport "http": expected a port number/)
  })

  test('a missing event name is a usage error with a pointer to help', async () => {
    const io = captureIo(['start', 'deploy'])
    assert.equal(await run(io), 2)
    assert.match(io.stderr, /missing required argument 'event'/)
  })
})

describe('client commands over HTTP', () => {
  test('--http posts msgpack with the UPTO_TOKEN bearer and waits for the acknowledgement', async () => {
    const bodies: { type: string | undefined; auth: string | undefined; body: Buffer }[] = []
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        bodies.push({ type: req.headers['content-type'], auth: req.headers.authorization, body: Buffer.concat(chunks) })
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"refused":[]}')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const io = captureIo(['start', 'deploy', 'db', '--http', '--rp', String(port)], { UPTO_TOKEN: 't0k' }, now)
      assert.equal(await run(io), 0)
      assert.equal(bodies.length, 1)
      assert.equal(bodies[0]!.auth, 'Bearer t0k')
      const decoded = decodeHttpBody(bodies[0]!.body, bodies[0]!.type, now)
      assert.deepEqual(decoded.events, [{ kind: 'start', context: 'deploy', name: 'db', host: '', time: now }])
    } finally {
      server.close()
    }
  })

  test('a refusal from the collector exits 1 with its reason', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end('{"accepted":0,"refused":[{"index":0,"reason":"bad_name","detail":"name is bad"}]}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const io = captureIo(['start', 'deploy', 'db', '--http', '--rp', String((server.address() as AddressInfo).port)])
      assert.equal(await run(io), 1)
      assert.match(io.stderr, /refused the event \(HTTP 400\): name is bad/)
    } finally {
      server.close()
    }
  })
})

describe('help', () => {
  test('upto --help lists every command with examples', async () => {
    const io = captureIo(['--help'])
    assert.equal(await run(io), 0)
    for (const word of ['start', 'end', 'mark', 'new', 'serve', 'ls', 'gantt', '--rh, --remotehost', 'Examples:']) {
      assert.ok(io.stdout.includes(word), `help mentions ${word}`)
    }
  })

  test('an unknown command is a usage error', async () => {
    const io = captureIo(['strat', 'deploy', 'db'])
    assert.equal(await run(io), 2)
    assert.match(io.stderr, /unknown command 'strat'/)
  })
})
