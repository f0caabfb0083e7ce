import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'

const T = Date.UTC(2024, 4, 1, 12, 0, 0)
const dir = mkdtempSync(join(tmpdir(), 'upto-import-'))
const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url).pathname
let collector: Collector
let port: string

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  port = String(collector.httpPort)
})
after(async () => {
  await collector.close()
  rmSync(dir, { recursive: true, force: true })
})

async function upto(...argv: string[]) {
  const io = captureIo([...argv, '--rp', port], {}, T + 3_600_000)
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

async function timelines(context: string): Promise<string[]> {
  const list = await (await fetch(`http://127.0.0.1:${port}/api/contexts/${context}`)).json() as { timelines: { id: string }[] }
  return list.timelines.map((t) => t.id).sort()
}

async function rows(context: string, id: string): Promise<string[]> {
  const answer = await (await fetch(`http://127.0.0.1:${port}/api/contexts/${context}/${id}`)).json() as { model: { rows: { name: string; host: string; kind: string; status: string; end?: number }[] } }
  return answer.model.rows.filter((r) => r.kind !== 'implied').map((r) => `${r.name}${r.host ? `@${r.host}` : ''} ${r.end === undefined ? 'running' : r.status}`)
}

describe('upto import --format ninja --build', () => {
  const log = fixture('ninja/appended.log')

  test('imports every build of a log as a timeline of its own with --build all, each where its mtimes place it', async () => {
    const { code, out, err } = await upto('import', log, '--format', 'ninja', '--context', 'nall', '--build', 'all', '--start', String(T))
    assert.equal(code, 0, err)
    assert.deepEqual(out.trim().split('\n').map((l) => l.replace(/ into nall \/ \S+$/, '')), [
      'imported 5 steps and 0 marks (10 events)', 'imported 2 steps and 0 marks (4 events)', 'imported 3 steps and 0 marks (6 events)',
    ])
    const ids = await timelines('nall')
    assert.equal(ids.length, 3)
    assert.equal(ids[0], '20240501-120000-002', 'the first build begins at --start, its first step 2 ms later')
    // the second build ran about 1.2 s after the first (the log's mtimes)
    assert.match(ids[1]!, /^20240501-120001-/)
    assert.deepEqual(await rows('nall', ids[1]!), ['obj.net.dns_o ok', 'lib.libnet_so ok'])
  })

  test('imports the last build by default, and the Nth with --build N', async () => {
    assert.equal((await upto('import', log, '--format', 'ninja', '--context', 'nlast', '--start', String(T))).code, 0)
    assert.deepEqual(await rows('nlast', '20240501-120000-000'), ['obj.net.http_o ok', 'obj.base.log_o ok', 'lib.libnet_so ok'])
    assert.equal((await upto('import', log, '--format', 'ninja', '--context', 'n2', '--build', '2', '--start', String(T))).code, 0)
    assert.deepEqual(await rows('n2', '20240501-120000-001'), ['obj.net.dns_o ok', 'lib.libnet_so ok'])
  })

  test('says which builds there are when --build asks for another, and what --build takes', async () => {
    assert.deepEqual(await upto('import', log, '--format', 'ninja', '--context', 'n', '--build', '4'), {
      code: 2, out: '', err: 'upto: invalid --build "4": the log holds 3 builds\n',
    })
    assert.match((await upto('import', log, '--format', 'ninja', '--context', 'n', '--build', 'first')).err, /invalid --build "first": expected last, all, or the number/)
    assert.match((await upto('import', log, '--format', 'chrome', '--context', 'n', '--build', '2')).err, /--build chooses builds of a \.ninja_log/)
    assert.match((await upto('import', log, '--format', 'ninja', '--context', 'n', '--build', 'all', '--timeline', 'x')).err, /--timeline names one timeline/)
  })
})

describe('upto import --format chrome', () => {
  test('leaves out steps the collector would refuse, says so, and fails unless --skip-invalid; the rest is imported, none left running', async () => {
    const deep = Array.from({ length: 40 }, (_, i) => ({ ph: 'B', name: `level${i}`, ts: 1_000 + i, pid: 1, tid: 1 }))
    const ends = deep.map((_, i) => ({ ph: 'E', ts: 5_000 + i, pid: 1, tid: 1 }))
    const trace = join(dir, 'deep.json')
    writeFileSync(trace, JSON.stringify({ traceEvents: [...deep, ...ends, { ph: 's', id: 1, ts: 1_500, pid: 1, tid: 1 }] }))
    const failed = await upto('import', trace, '--format', 'chrome', '--context', 'deep', '--timeline', 'a', '--start', String(T))
    assert.equal(failed.code, 1)
    assert.match(failed.out, /^imported 32 steps and 0 marks \(64 events\) into deep \/ a; left out: 1 flow events\n$/)
    assert.match(failed.err, /^upto: 8 steps and marks left out, the collector would refuse them \(level0\.level1\..*level32: name .* has 33 segments.*; and 5 more\); the rest is imported, --skip-invalid accepts that\n$/)
    assert.ok((await rows('deep', 'a')).every((r) => r.endsWith(' ok')), 'no step is left running')

    const skipped = await upto('import', trace, '--format', 'chrome', '--context', 'deep', '--timeline', 'b', '--start', String(T), '--skip-invalid')
    assert.equal(skipped.code, 0, skipped.err)
    assert.match(skipped.err, /^upto: 8 steps and marks left out/)
  })

  test('says how to get JSON from a Perfetto protobuf trace', async () => {
    const proto = join(dir, 'trace.pftrace')
    writeFileSync(proto, Buffer.from([0x0a, 0x12, 0x08, 0x01, 0x10, 0x00, 0x1a, 0x0c, 0x74, 0x72, 0x61, 0x63, 0x65]))
    const { code, err } = await upto('import', proto, '--format', 'chrome', '--context', 'x')
    assert.equal(code, 1)
    assert.match(err, /Perfetto protobuf.*--trace-startup-format=json/)
  })

  test('imports a Chromium start-up trace with its threads as hosts and its flow events counted', async () => {
    const trace = join(dir, 'chromium.json')
    const bytes = gunzipSync(readFileSync(fixture('trace-events/chromium-startup.json.gz')))
    writeFileSync(trace, bytes)
    const raw = JSON.parse(bytes.toString('utf8')) as { traceEvents: { ph: string; pid: number; tid: number }[] }
    const threads = new Set(raw.traceEvents.filter((e) => 'XBEiI'.includes(e.ph)).map((e) => `${e.pid}/${e.tid}`))
    const { code, out, err } = await upto('import', trace, '--format', 'chrome', '--context', 'chromium', '--timeline', 't', '--start', String(T))
    assert.equal(code, 0, err)
    const answer = await (await fetch(`http://127.0.0.1:${port}/api/contexts/chromium/t`)).json() as { model: { rows: { host: string }[] } }
    const hosts = new Set(answer.model.rows.map((r) => r.host).filter((h) => h !== ''))
    assert.equal(hosts.size, threads.size, 'each thread is a host of its own')
    assert.ok(threads.size > 60)
    assert.ok(hosts.has('CrBrowserMain 17460/17460'))
    assert.match(out, /^imported 21440 steps and 92 marks \(42972 events\) into chromium \/ t; left out: 18 metadata events, 712 flow events\n$/)
  })
})
