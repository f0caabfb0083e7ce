import assert from 'node:assert/strict'
import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { openSegmentBuffer } from '../../src/agent/relay/segment-buffer.ts'

const folder = () => mkdtempSync(join(tmpdir(), 'upto-agent-buffer-'))
const line = (seq: number) => JSON.stringify({ n: seq })

test('lines come out oldest first, in batches, and leave once acknowledged', async () => {
  const buffer = openSegmentBuffer({ dir: folder(), maxBytes: 1 << 20 })
  buffer.append(5, line)
  assert.deepEqual(buffer.peek(3, 1 << 20).map((l) => l.seq), [1, 2, 3])
  assert.deepEqual(buffer.peek(3, 1 << 20).map((l) => l.seq), [1, 2, 3], 'peeking twice answers the same')
  buffer.ack(3)
  assert.deepEqual(buffer.peek(10, 1 << 20).map((l) => l.line), [line(4), line(5)])
  buffer.ack(5)
  assert.deepEqual(buffer.peek(10, 1 << 20), [])
  assert.equal(buffer.stats().pending, 0)
  await buffer.close()
})

test('the line maker is given each line\'s sequence and place in the group', async () => {
  const buffer = openSegmentBuffer({ dir: folder(), maxBytes: 1 << 20 })
  buffer.append(2, () => 'x')
  buffer.append(3, (seq, i) => JSON.stringify([seq, i]))
  assert.deepEqual(buffer.peek(10, 1 << 20).slice(2).map((l) => l.line), ['[3,0]', '[4,1]', '[5,2]'])
  await buffer.close()
})

test('a batch stops before maxBytes, but holds at least one line', async () => {
  const buffer = openSegmentBuffer({ dir: folder(), maxBytes: 1 << 20 })
  buffer.append(10, () => 'x'.repeat(99))
  assert.equal(buffer.peek(100, 350).length, 3)
  assert.equal(buffer.peek(100, 10).length, 1)
  await buffer.close()
})

test('what was not acknowledged is there after a restart, and sequences go on', async () => {
  const dir = folder()
  const first = openSegmentBuffer({ dir, maxBytes: 1 << 20, segmentBytes: 1024 })
  first.append(100, line)
  first.ack(40)
  await first.close()
  const again = openSegmentBuffer({ dir, maxBytes: 1 << 20, segmentBytes: 1024 })
  assert.equal(again.stats().pending, 60)
  assert.equal(again.peek(1, 1 << 20)[0]?.seq, 41)
  again.append(1, line)
  assert.equal(again.stats().nextSeq, 102)
  again.ack(101)
  await again.close()
  const emptied = openSegmentBuffer({ dir, maxBytes: 1 << 20, segmentBytes: 1024 })
  assert.equal(emptied.stats().pending, 0)
  assert.equal(emptied.stats().nextSeq, 102, 'a sequence is never given twice, even once every segment is gone')
  await emptied.close()
})

test('lines written in the same tick reach the file before a crash that comes later', async () => {
  const dir = folder()
  const buffer = openSegmentBuffer({ dir, maxBytes: 1 << 20 })
  buffer.append(3, line)
  await new Promise((resolve) => setImmediate(resolve)) // the tick's lines are given to the disk
  await buffer.flush() // and written
  // no close(): the process died
  const after = openSegmentBuffer({ dir, maxBytes: 1 << 20 })
  assert.deepEqual(after.peek(10, 1 << 20).map((l) => l.seq), [1, 2, 3])
  await after.close()
})

test('a torn last line, left by a crash mid-write, is cut off', async () => {
  const dir = folder()
  const buffer = openSegmentBuffer({ dir, maxBytes: 1 << 20 })
  buffer.append(2, line)
  await buffer.close()
  const segment = readdirSync(join(dir)).find((name) => name.endsWith('.jsonl'))!
  appendFileSync(join(dir, segment), '3 {"n":')
  const after = openSegmentBuffer({ dir, maxBytes: 1 << 20 })
  assert.deepEqual(after.peek(10, 1 << 20).map((l) => l.seq), [1, 2])
  after.append(1, line)
  assert.equal(after.peek(10, 1 << 20).at(-1)?.seq, 3)
  await after.close()
})

test('a full buffer drops its oldest segment and counts the unacknowledged events in it', async () => {
  const dropped: number[] = []
  const buffer = openSegmentBuffer({ dir: folder(), maxBytes: 8 * 1024, segmentBytes: 2 * 1024, onDrop: (n) => dropped.push(n) })
  buffer.append(400, () => 'x'.repeat(40)) // about 45 bytes a line: 18 kB into 8 kB
  const { bytes, droppedFull, pending } = buffer.stats()
  assert.ok(bytes <= 8 * 1024, `${bytes} bytes kept`)
  assert.ok(droppedFull > 0)
  assert.equal(droppedFull + pending, 400, 'every event is either kept or counted as dropped')
  assert.equal(dropped.reduce((a, b) => a + b, 0), droppedFull)
  assert.equal(buffer.peek(1, 1 << 20)[0]?.seq, droppedFull + 1, 'the oldest went first')
  await buffer.close()
})

test('acknowledged events are not counted as dropped when their segment goes', async () => {
  const buffer = openSegmentBuffer({ dir: folder(), maxBytes: 8 * 1024, segmentBytes: 2 * 1024 })
  buffer.append(150, () => 'x'.repeat(40))
  buffer.ack(150)
  buffer.append(150, () => 'x'.repeat(40))
  assert.equal(buffer.stats().droppedFull, 0)
  await buffer.close()
})
