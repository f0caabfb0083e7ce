// Clients that send their requests slowly or not at all: the bodies held at once are bounded in total
// (--max-body-bytes-in-flight), and the header and request time limits are enforced within a second of their
// figures (node checks them only every 30 s unless told otherwise).

import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { type Socket, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { limits } from '../../src/core/limits.ts'
import { startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { startCollectorProcess } from '../helpers/collector-process.ts'
import { eventually } from '../server/udp-client.ts'
import { metricsOf, sample } from './metrics-text.ts'

let dir: string
before(async () => (dir = await mkdtemp(join(tmpdir(), 'upto-slow-bodies-'))))
after(() => rm(dir, { recursive: true, force: true }))

const rssMB = async (pid: number, field = 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024

/** Opens a connection, sends `head` (and `body`), and keeps it open; what the collector answers is kept. */
function hold(port: number, head: string, body?: Buffer): Promise<{ socket: Socket; answer: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const opened = Date.now()
    let answer = ''
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head)
      if (body) socket.write(body)
      resolve({ socket, answer: () => answer, closed })
    })
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - opened)))
    socket.on('data', (chunk) => (answer += chunk))
    socket.once('error', reject)
    socket.on('error', () => {})
  })
}

const postHead = (port: number, length: number) =>
  `POST /api/events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`

describe('request bodies held at once', () => {
  test('are bounded by --max-body-bytes-in-flight: beyond it, 503 with Retry-After at once, counted; memory stays bounded', async (t) => {
    const collector = await startCollectorProcess(join(dir, 'bodies'))
    const { port } = collector
    const base = `http://127.0.0.1:${port}`
    const held: Socket[] = []
    try {
      const pid = collector.child.pid!
      const before = await rssMB(pid)
      // 300 clients each declare 960 KiB and send 900 KiB of it, then stall
      const part = Buffer.alloc(900 * 1024, 0x20)
      const clients: Array<Awaited<ReturnType<typeof hold>>> = []
      for (let i = 0; i < 300; i++) clients.push(await hold(port, postHead(port, 960 * 1024), part))
      held.push(...clients.map((c) => c.socket))
      // 64 MiB / 960 KiB = 68 bodies fit; every other one is told to come back
      let busy = 0
      await eventually(async () => {
        busy = sample(await metricsOf(base), 'upto_http_busy_total', { reason: 'bodies_in_flight' })
        return busy >= 300 - 68 ? busy : undefined
      }, 60_000).catch((error: Error) => {
        const answers = new Map<string, number>()
        for (const c of clients) {
          const line = c.answer().split('\r\n')[0] || 'none'
          answers.set(line, (answers.get(line) ?? 0) + 1)
        }
        throw new Error(`${error.message}: ${busy} counted busy, ${clients.filter((c) => c.socket.destroyed).length} connections closed, answers ${JSON.stringify([...answers])}; log: ${collector.log().slice(-1500)}`)
      })
      await eventually(async () => (clients.filter((c) => c.answer().startsWith('HTTP/1.1 503')).length >= 232 ? true : undefined), 60_000)
      const refused = clients.find((c) => c.answer().startsWith('HTTP/1.1 503'))!.answer()
      assert.match(refused, /\r\nretry-after: 1\r\n/i)
      assert.match(refused, /--max-body-bytes-in-flight|its limit is 67108864/)
      const peak = await rssMB(pid, 'VmHWM')
      t.diagnostic(`collector memory ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at most`)
      assert.ok(peak - before < 150, `memory grew by ${(peak - before).toFixed(0)} MB (${before.toFixed(0)} MB before)`)
      for (const socket of held) socket.destroy()
      // once they are gone, bodies are read again
      await eventually(async () => {
        const res = await fetch(`${base}/api/events`, { method: 'POST', body: '{"type":"mark","context":"after","name":"x"}', headers: { 'content-type': 'application/json' } })
        return res.status === 200 ? true : undefined
      })
    } finally {
      for (const socket of held) socket.destroy()
      await collector.stop()
    }
  })

  test('upto serve refuses a --max-body-bytes-in-flight it cannot read', async () => {
    const { run } = await import('../../src/program.ts')
    const { captureIo } = await import('../helpers/cli-io.ts')
    const io = captureIo(['serve', '--max-body-bytes-in-flight', 'lots', '--port', '1'])
    assert.equal(await run(io), 2)
    assert.match(io.stderr, /invalid --max-body-bytes-in-flight "lots": expected a size like 64MiB or 100MB/)
  })
})

describe('the time limits', { concurrency: true }, () => {
  test(`a client that never finishes its headers is cut off within a second of ${limits.headersMillis / 1000} s, as the README says`, async () => {
    const collector = await startCollector({ port: 0, store: createMemoryStore(), log: () => {} })
    try {
      const { closed, answer } = await hold(collector.httpPort, 'GET /api/ HTTP/1.1\r\nhost: 127.0.0.1\r\n')
      const after = await closed
      assert.ok(after >= limits.headersMillis - 100 && after < limits.headersMillis + 1_000, `closed after ${after} ms`)
      assert.match(answer(), /^HTTP\/1.1 408/)
    } finally {
      await collector.close()
    }
  })

  test('with shorter limits, headers and whole requests are cut off within a tenth of theirs', async () => {
    const collector = await startCollector({ port: 0, store: createMemoryStore(), log: () => {}, httpTimeouts: { headersMillis: 1_000, requestMillis: 3_000 } })
    try {
      const port = collector.httpPort
      const headers = await hold(port, 'GET /api/ HTTP/1.1\r\nhost: 127.0.0.1\r\n')
      const body = await hold(port, postHead(port, 100), Buffer.from('[{"type":'))
      const [h, b] = await Promise.all([headers.closed, body.closed])
      assert.ok(h >= 900 && h < 1_100 + 100, `headers cut off after ${h} ms`)
      assert.ok(b >= 2_900 && b < 3_300 + 100, `the request cut off after ${b} ms`)
    } finally {
      await collector.close()
    }
  })
})
