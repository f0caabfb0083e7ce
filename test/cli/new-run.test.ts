// `upto new` prints the id of the run it began, so a script can keep it: RUN=$(upto new deploy).

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { newRunId } from '../../src/cli/new-run-id.ts'
import { run } from '../../src/program.ts'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { udpSink, type UdpSink } from '../helpers/udp-sink.ts'

const now = Date.UTC(2026, 11, 2, 7, 43, 32, 342)

test('a run id made by the client is the collector\'s form, then four random letters', () => {
  let i = 0
  assert.equal(newRunId(now + 0.75, () => [0, 0.5, 0.99, 0.1][i++]!), '20261202-074332-342-as9d')
  assert.match(newRunId(now), /^20261202-074332-342-[a-z0-9]{4}$/)
  assert.notEqual(newRunId(now), newRunId(now), 'two runs begun in one millisecond stay apart')
})

describe('upto new', () => {
  let sink: UdpSink
  let collector: Collector
  before(async () => {
    sink = await udpSink()
    collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  })
  after(async () => {
    sink.close()
    await collector.close()
  })

  test('over UDP prints the id it sent', async () => {
    const io = captureIo(['new', 'deploy', '--rp', String(sink.port)], {}, now)
    assert.equal(await run(io), 0)
    const [datagram] = await sink.received(1)
    const sent = decodeDatagram(datagram!, now, '127.0.0.1').events[0]
    assert.match(io.stdout, /^20261202-074332-342-[a-z0-9]{4}\n$/)
    assert.equal(sent?.timeline, io.stdout.trim())
  })

  test('with --timeline, or in CI, prints that id', async () => {
    const given = captureIo(['new', 'deploy', '--timeline', 'v2.3', '--rp', String(sink.port)], {}, now)
    await run(given)
    assert.equal(given.stdout, 'v2.3\n')
    const ci = captureIo(['new', 'deploy', '--rp', String(sink.port)], { CI_PIPELINE_ID: '1203459' }, now)
    await run(ci)
    assert.equal(ci.stdout, '1203459\n')
  })

  test('with --http prints the id and the page to open, once the run is stored', async () => {
    const io = captureIo(['new', 'deploy', '--http', '--rp', String(collector.httpPort)], {}, now)
    assert.equal(await run(io), 0, io.stderr)
    const [id, page] = io.stdout.trim().split('\n')
    assert.equal(page, `http://127.0.0.1:${collector.httpPort}/c/deploy/${id}`)
    assert.equal((await fetch(`http://127.0.0.1:${collector.httpPort}/api/contexts/deploy/${id}`)).status, 200)
  })
})
