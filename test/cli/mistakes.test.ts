// What the viewing commands say when a name is slightly wrong, when the server is not upto, and when a
// command is not known: what was wrong, the closest known names, and an exit code that is not 0.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { bin } from '../helpers/collector-process.ts'

const T = Date.UTC(2024, 4, 1, 12, 0, 0)
let collector: Collector
let port: string

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  port = String(collector.httpPort)
  const events = ['deploy-web', 'deploy-api'].flatMap((context) => ['build-1046', 'build-1047'].flatMap((timeline, i) => [
    { type: 'start', context, name: 'build', time: T + i * 60_000, timeline },
    { type: 'end', context, name: 'build', time: T + i * 60_000 + 5_000, timeline },
  ]))
  const res = await fetch(`http://127.0.0.1:${port}/api/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/json' } })
  assert.equal(res.status, 200)
})
after(() => collector.close())

async function upto(argv: string[], at = port) {
  const io = captureIo([...argv, '--rp', at], {}, T + 3_600_000)
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('a name slightly wrong', () => {
  test('gantt names the contexts it could be', async () => {
    assert.deepEqual(await upto(['gantt', 'deploy-wbe']), {
      code: 1, out: '', err: 'upto: no context "deploy-wbe" (did you mean "deploy-web" or "deploy-api"?) (upto ls lists the contexts)\n',
    })
  })

  test('gantt and export name the timelines it could be', async () => {
    const expected = 'upto: no timeline "build-1074" in context "deploy-web" (did you mean "build-1046" or "build-1047"?) (upto ls deploy-web lists its timelines)\n'
    assert.deepEqual(await upto(['gantt', 'deploy-web', 'build-1074']), { code: 1, out: '', err: expected })
    assert.deepEqual(await upto(['export', 'deploy-web', 'build-1074', '--format', 'csv']), { code: 1, out: '', err: expected })
  })

  test('with nothing near, says only what is missing', async () => {
    assert.equal((await upto(['gantt', 'zzzzzzzz'])).err, 'upto: no context "zzzzzzzz" (upto ls lists the contexts)\n')
  })
})

describe('a server that answers HTTP but is not upto', () => {
  let other: Server
  let otherPort: string
  before(async () => {
    other = createServer((req, res) => {
      res.setHeader('content-type', 'text/html')
      if (req.url === '/') res.end('<html>hello</html>')
      else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>')
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    otherPort = String((other.address() as AddressInfo).port)
  })
  after(() => other.close())

  for (const argv of [['ls'], ['ls', 'deploy'], ['gantt', 'deploy'], ['export', 'deploy', '--format', 'json']]) {
    test(`is an error for upto ${argv.join(' ')}, never "no contexts yet"`, async () => {
      const { code, out, err } = await upto(argv, otherPort)
      assert.equal(code, 1)
      assert.equal(out, '')
      assert.match(err, new RegExp(`^upto: the server at http://127\\.0\\.0\\.1:${otherPort} is not an upto collector \\(.+\\): check --rh/--rp or UPTO_SERVER\\n$`))
    })
  }

  test('a page of 200 that is not JSON is not upto either', async () => {
    const plain = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'))
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
    try {
      const { code, err } = await upto(['ls'], String((plain.address() as AddressInfo).port))
      assert.equal(code, 1)
      assert.match(err, /is not an upto collector \(text\/plain.* for \/api\/contexts\?limit=100\)/)
    } finally {
      plain.close()
    }
  })
})

describe('a command that is not known', () => {
  test('with --help is still unknown: exit 2 and the closest command, not the general help', async () => {
    const io = captureIo(['gant', 'deploy', '--help'])
    assert.equal(await run(io), 2)
    assert.equal(io.stdout, '')
    assert.match(io.stderr, /^error: unknown command 'gant'\n\(Did you mean gantt\?\)/)
    const known = captureIo(['gantt', '--help'])
    assert.equal(await run(known), 0)
    assert.match(known.stdout, /^Usage: upto gantt/)
  })
})

test('a reader that goes away ends the command quietly', async () => {
  const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr.on('data', (c: Buffer) => (err += c))
  child.stdout.destroy() // as `upto --help | head -0` does
  const code = await new Promise((resolve) => child.once('close', resolve))
  assert.equal(err, '')
  assert.equal(code, 0)
})
