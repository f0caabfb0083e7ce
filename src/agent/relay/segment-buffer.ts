// The agent's disk buffer: every event it received and the collector has not acknowledged, in segment files
// of its data folder (`buffer/<first sequence>.jsonl`, one `SEQUENCE JSON` line an event) and the last
// acknowledged sequence (`buffer/acked`). Bounded in bytes: when full, the oldest segment goes, and its
// events that were not acknowledged are counted as dropped. A segment goes too once all of it is acknowledged.
// Lines are written in groups (once a tick, or sooner when 64 KiB wait), so that a burst of datagrams costs a
// few writes; a torn last line, left by a crash, is cut off when the buffer opens again.
//
// Why files, not LevelDB: the buffer is a queue — appended at one end, read and deleted at the other — and
// segment files do exactly that with no compaction; scripts/bench/agent.ts measures both.

import { close, fdatasync as fdatasyncCallback, mkdirSync, openSync, readFileSync, readdirSync, rmSync, truncateSync, write } from 'node:fs'
import { rename as renameAsync, rm as rmAsync, writeFile as writeFileAsync } from 'node:fs/promises'
import { promisify } from 'node:util'
import { join } from 'node:path'

export interface BufferedLine {
  seq: number
  /** The event as JSON (wire-line.ts). */
  line: string
}

export interface BufferStats {
  /** Events waiting for an acknowledgement. */
  pending: number
  /** Bytes of the segment files. */
  bytes: number
  /** Events dropped unacknowledged because the buffer was full, since the agent started. */
  droppedFull: number
  /** The sequence the next event gets. */
  nextSeq: number
  acked: number
}

export interface SegmentBuffer {
  /** Keeps `count` lines, the i-th made by `line(seq, i)` with the sequence it gets (ids carry it). */
  append(count: number, line: (seq: number, index: number) => string): void
  /** The oldest unacknowledged lines, at most `maxLines` and about `maxBytes` (at least one line). */
  peek(maxLines: number, maxBytes: number): BufferedLine[]
  /** Everything up to `seq` is durable at the other end: it may go. */
  ack(seq: number): void
  stats(): BufferStats
  /** Called after lines were appended (the forwarder waits on it). */
  onAppend(listener: () => void): () => void
  /** Writes what waits to the files; resolves once it is written. */
  flush(): Promise<void>
  /** Writes everything out, synced, and closes the files. */
  close(): Promise<void>
}

export interface SegmentBufferOptions {
  dir: string
  /** Most bytes the segment files hold. */
  maxBytes: number
  /** Bytes after which a segment is closed and a new one begun; a quarter of maxBytes at most. */
  segmentBytes?: number
  /** Called with how many unacknowledged events a full buffer dropped. */
  onDrop?: (events: number) => void
  /** Called when a write to a segment file failed (a full disk): the events of that write may be lost. */
  onWriteError?: (error: unknown) => void
}

interface Segment {
  first: number
  /** The last sequence in it; first − 1 while empty. */
  last: number
  bytes: number
  path: string
  /** Its lines, when read (the head being sent) or being written (the active one). */
  lines?: BufferedLine[]
}

const groupBytes = 64 * 1024

export function openSegmentBuffer(options: SegmentBufferOptions): SegmentBuffer {
  const dir = options.dir
  mkdirSync(dir, { recursive: true })
  const segmentBytes = Math.max(1024, Math.min(options.segmentBytes ?? 1024 * 1024, Math.floor(options.maxBytes / 4)))
  const ackedPath = join(dir, 'acked')
  let acked = readAcked(ackedPath)
  const segments = readSegments(dir)
  let nextSeq = Math.max(acked, segments.at(-1)?.last ?? 0) + 1
  let totalBytes = segments.reduce((sum, s) => sum + s.bytes, 0)
  let droppedFull = 0
  let active: { segment: Segment; fd: number; waiting: string[]; waitingBytes: number } | undefined
  let flushScheduled = false
  const listeners = new Set<() => void>()
  // Every write, sync and close of the files, in order, off the event loop: a datagram arriving while the disk is
  // slow waits for nothing (the kernel would drop it once the socket's buffer is full). Lines are read from a file
  // only once its writes are done; until then they are kept in memory.
  let writing: Promise<void> = Promise.resolve()
  const inTurn = (work: () => Promise<void>) => {
    writing = writing.then(work).catch((error: unknown) => options.onWriteError?.(error))
  }

  // The acknowledged sequence is written in turn with the files, the latest value only: a crash before it lands
  // means a batch is sent again, and its events (with their ids) count once.
  let ackWritten = acked
  dropAcknowledged()

  function newActive(): NonNullable<typeof active> {
    const path = join(dir, `${String(nextSeq).padStart(16, '0')}.jsonl`)
    const segment: Segment = { first: nextSeq, last: nextSeq - 1, bytes: 0, path, lines: [] }
    segments.push(segment)
    return { segment, fd: openSync(path, 'a'), waiting: [], waitingBytes: 0 }
  }

  function closeActive(): void {
    if (active === undefined) return
    writeWaiting()
    const { fd, segment } = active
    inTurn(async () => {
      await fdatasync(fd)
      await closeFd(fd)
      if (segment !== segments[0]) delete segment.lines // read again from the file when it becomes the head
    })
    active = undefined
  }

  function writeWaiting(): void {
    if (active === undefined || active.waiting.length === 0) return
    const fd = active.fd
    const bytes = Buffer.from(active.waiting.join(''))
    inTurn(() => writeAll(fd, bytes))
    active.waiting = []
    active.waitingBytes = 0
  }

  /** Unacknowledged events of a segment: its sequences are contiguous. */
  const unacked = (s: Segment) => Math.max(0, s.last - Math.max(s.first - 1, acked))

  function removeSegment(s: Segment): void {
    if (active?.segment === s) {
      const fd = active.fd
      inTurn(() => closeFd(fd))
      active = undefined
    }
    const path = s.path
    inTurn(() => rmAsync(path, { force: true }))
    totalBytes -= s.bytes
    segments.splice(segments.indexOf(s), 1)
  }

  function dropAcknowledged(): void {
    while (segments[0] !== undefined && segments[0].last <= acked && segments[0] !== active?.segment) removeSegment(segments[0])
  }

  function makeRoom(bytes: number): void {
    while (totalBytes + bytes > options.maxBytes && segments.length > 1) {
      const oldest = segments[0]!
      const lost = unacked(oldest)
      if (oldest.last > acked) setAcked(oldest.last)
      removeSegment(oldest)
      if (lost > 0) {
        droppedFull += lost
        options.onDrop?.(lost)
      }
    }
  }

  function setAcked(seq: number): void {
    acked = seq
    inTurn(async () => {
      if (ackWritten === acked) return
      const value = acked
      const temporary = `${ackedPath}.tmp`
      await writeFileAsync(temporary, String(value))
      await renameAsync(temporary, ackedPath)
      ackWritten = value
    })
  }

  function linesOf(s: Segment): BufferedLine[] {
    s.lines ??= parseLines(readFileSync(s.path, 'utf8')).lines
    return s.lines
  }

  return {
    append(count, line) {
      for (let i = 0; i < count; i++) {
        const seq = nextSeq
        const text = line(seq, i)
        const bytes = Buffer.byteLength(text) + String(seq).length + 2
        if (active !== undefined && active.segment.bytes + bytes > segmentBytes && active.segment.bytes > 0) closeActive()
        makeRoom(bytes)
        active ??= newActive()
        const s = active.segment
        s.lines!.push({ seq, line: text })
        s.last = seq
        s.bytes += bytes
        totalBytes += bytes
        nextSeq++
        active.waiting.push(`${seq} ${text}\n`)
        active.waitingBytes += bytes
        if (active.waitingBytes >= groupBytes) writeWaiting()
      }
      if (!flushScheduled && active !== undefined && active.waiting.length > 0) {
        flushScheduled = true
        setImmediate(() => {
          flushScheduled = false
          writeWaiting()
        })
      }
      for (const listener of listeners) listener()
    },
    peek(maxLines, maxBytes) {
      const taken: BufferedLine[] = []
      let bytes = 0
      for (const s of segments) {
        if (s.last <= acked) continue
        for (const l of linesOf(s)) {
          if (l.seq <= acked) continue
          if (taken.length >= maxLines || (taken.length > 0 && bytes + l.line.length + 1 > maxBytes)) return taken
          taken.push(l)
          bytes += l.line.length + 1
        }
        // only the head segment's lines are kept once read: the others are read when their turn comes
        if (s !== active?.segment && s !== segments[0]) delete s.lines
      }
      return taken
    },
    ack(seq) {
      if (seq <= acked) return
      setAcked(Math.min(seq, nextSeq - 1))
      dropAcknowledged()
    },
    stats() {
      return { pending: segments.reduce((sum, s) => sum + unacked(s), 0), bytes: totalBytes, droppedFull, nextSeq, acked }
    },
    onAppend(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    flush() {
      writeWaiting()
      return writing
    },
    async close() {
      closeActive()
      listeners.clear()
      await writing
    },
  }
}

const fdatasync = promisify(fdatasyncCallback)
const closeFd = promisify(close)
const writeFd = (fd: number, bytes: Buffer, offset: number, length: number) => new Promise<number>((resolve, reject) =>
  write(fd, bytes, offset, length, null, (error, written) => (error ? reject(error) : resolve(written))))

/** The whole of `bytes`: a write may take less than it was given. */
async function writeAll(fd: number, bytes: Buffer): Promise<void> {
  let offset = 0
  while (offset < bytes.length) offset += await writeFd(fd, bytes, offset, bytes.length - offset)
}

function readAcked(path: string): number {
  try {
    const seq = Number(readFileSync(path, 'utf8').trim())
    return Number.isSafeInteger(seq) && seq >= 0 ? seq : 0
  } catch {
    return 0
  }
}

/** The segments on disk, oldest first; a torn last line (a crash mid-write) is cut off its file. */
function readSegments(dir: string): Segment[] {
  const names = readdirSync(dir).filter((name) => /^\d{16}\.jsonl$/.test(name)).sort()
  const segments: Segment[] = []
  for (const name of names) {
    const path = join(dir, name)
    const first = Number(name.slice(0, 16))
    const { lines, goodBytes, totalBytes } = parseLines(readFileSync(path, 'utf8'))
    if (goodBytes < totalBytes) truncateSync(path, goodBytes)
    if (lines.length === 0) {
      rmSync(path, { force: true })
      continue
    }
    segments.push({ first, last: lines.at(-1)!.seq, bytes: goodBytes, path })
  }
  return segments
}

function parseLines(text: string): { lines: BufferedLine[]; goodBytes: number; totalBytes: number } {
  const lines: BufferedLine[] = []
  let goodBytes = 0
  let start = 0
  for (;;) {
    const end = text.indexOf('\n', start)
    if (end < 0) break
    const row = text.slice(start, end)
    const space = row.indexOf(' ')
    const seq = Number(row.slice(0, space))
    if (space <= 0 || !Number.isSafeInteger(seq)) break
    lines.push({ seq, line: row.slice(space + 1) })
    goodBytes += Buffer.byteLength(row) + 1
    start = end + 1
  }
  return { lines, goodBytes, totalBytes: Buffer.byteLength(text) }
}
