// upto gantt --watch against a real collector: redrawn in place as events arrive, over until the run has
// finished, or q; printed once when stdout is not a terminal.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { gantt } from '../../src/facets/timelines/gantt.ts'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo, type CapturedIo } from '../helpers/cli-io.ts'
import { eventually } from '../helpers/collector-process.ts'

let collector: Collector
let port: string
const T = Date.now()

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  port = String(collector.httpPort)
})
after(() => collector.close())

async function send(events: object[]): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/api/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/json' } })
  assert.equal(res.status, 200)
}
const ev = (context: string, timeline: string, type: string, name: string, at: number, extra = {}) =>
  ({ type, context, timeline, name, time: T + at, ...extra })

function terminal(): CapturedIo & { press(key: string): void } {
  const io = captureIo([], { NO_COLOR: '1' }, T + 60_000) as CapturedIo & { press(key: string): void }
  let listener: ((key: string) => void) | undefined
  io.isTTY = true
  io.columns = 80
  io.onKey = (l) => ((listener = l), () => (listener = undefined))
  io.press = (key) => listener?.(key)
  return io
}
const frames = (io: CapturedIo) => io.stdout.split('\x1b[H').slice(1)

describe('upto gantt --watch', () => {
  test('redraws the run in place as its steps arrive, and ends once it has finished', async () => {
    await send([ev('deploy', 'v1', 'start', 'build', 0)])
    const io = terminal()
    const done = gantt(io, 'deploy', 'v1', { remoteport: port, watch: true, settleMs: 300 })
    await eventually(async () => (frames(io).length >= 1 ? true : undefined))
    assert.match(frames(io)[0]!, /build.*running…/)
    await send([ev('deploy', 'v1', 'start', 'test', 1_000)])
    await eventually(async () => (frames(io).at(-1)!.includes('test') ? true : undefined))
    await send([ev('deploy', 'v1', 'end', 'test', 2_000, { status: 'error', message: 'boom' }), ev('deploy', 'v1', 'end', 'build', 3_000)])
    await done // the run finished: no more to wait for
    const last = frames(io).at(-1)!
    assert.match(last, /failures\x1b\[K\n {2}✗ test {2}error/)
    assert.ok(last.endsWith('\x1b[J\x1b[?25h'), 'cleared below the frame, cursor shown again')
    assert.ok(io.stdout.startsWith('\x1b[?25l\x1b[2J'), 'cursor hidden, screen cleared once')
    for (const frame of frames(io)) assert.ok(frame.split('\n').every((line) => line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').length <= 80))
  })

  test('without a timeline, follows a run begun while it watches', async () => {
    await send([ev('nightly', 'n1', 'start', 'a', 0), ev('nightly', 'n1', 'end', 'a', 1_000)])
    const io = terminal()
    const done = gantt(io, 'nightly', undefined, { remoteport: port, watch: true, settleMs: 60_000 })
    await eventually(async () => (frames(io).length >= 1 ? true : undefined))
    await send([{ type: 'new', context: 'nightly', timeline: 'n2', name: '' }, ev('nightly', 'n2', 'start', 'b', 2_000)])
    await eventually(async () => (/nightly \/ n2/.test(frames(io).at(-1)!) ? true : undefined))
    io.press('q')
    await done
    assert.ok(io.stdout.endsWith('\x1b[?25h'))
  })

  test('prints once when stdout is not a terminal', async () => {
    await send([ev('ci', 'c1', 'start', 'build', 0)])
    const io = captureIo([], {}, T + 60_000)
    await gantt(io, 'ci', 'c1', { remoteport: port, watch: true })
    assert.doesNotMatch(io.stdout, /\x1b/)
    assert.match(io.stdout, /^ci \/ c1 /)
  })

  test('cannot watch a --data folder, and says so', async () => {
    await assert.rejects(gantt(captureIo([]), 'ci', undefined, { data: '/nonexistent', watch: true }), /--watch follows the collector's live updates: it cannot read a --data folder/)
  })
})
