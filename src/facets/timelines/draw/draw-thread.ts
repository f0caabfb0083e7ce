// Big charts are drawn on a thread of their own. Drawn on the collector's thread, even in turns (turns.ts), a
// timeline of 200,000 events allocates over a gigabyte, and the collections of the young generation that
// brings held the thread for 20–30 ms at a time (measured): every datagram and request waited behind them.
// Here the collector's thread only reads the timeline's records (LevelDB's values, still packed) and hands
// them over; the thread unpacks, builds and draws, and sends the chart back a part at a time (protocol.ts).
//
// The thread starts with the first big chart and stops after a while with none. Where it cannot start (a
// single executable has no file for it), charts are drawn on the collector's thread, as small ones are.

import { Worker } from 'node:worker_threads'
import { type Logger, errorMessage } from '../../../pipeline/log.ts'
import type { PackedMessages } from '../../../store/types.ts'
import type { DrawRequest, FromThread, Question, ToThread } from './protocol.ts'

/** Packed bytes from which a chart is drawn on the thread: about 20,000 messages. */
export const threadFromBytes = 1024 * 1024
/** How long the thread waits for another chart before it stops. */
const IDLE_MS = 30_000

// scripts/build.mjs names the thread's file in dist/, relative to the chunk this module is bundled in;
// an empty name: no file (the single executable). From source (tests, tsx), the TypeScript file itself.
declare const UPTO_DRAW_THREAD: string | undefined

function threadFile(): URL | undefined {
  if (typeof UPTO_DRAW_THREAD === 'string') return UPTO_DRAW_THREAD === '' ? undefined : new URL(UPTO_DRAW_THREAD, import.meta.url)
  return new URL('./thread.ts', import.meta.url)
}

export interface DrawThreadOptions {
  store: PackedMessages
  log?: Logger
  /** Default threadFromBytes. */
  fromBytes?: number
  /** The thread's file; default the build's (threadFile). */
  file?: URL
}

export interface DrawThread {
  /** Whether records of this many bytes are drawn here. */
  takes(bytes: number): boolean
  /**
   * The chart of `records`, drawn on the thread, as bytes; undefined when the thread cannot run (then the
   * records are still the caller's, to draw on its own thread). Returning early stops the drawing.
   */
  draw(request: DrawRequest, records: Uint8Array[]): Promise<AsyncGenerator<Uint8Array, void, undefined> | undefined>
  /** Charts drawn on the thread so far. */
  readonly drawn: number
  close(): Promise<void>
}

interface Part {
  bytes: Uint8Array
  done: boolean
}

interface Waiting {
  resolve: (part: Part) => void
  reject: (error: Error) => void
}

export function createDrawThread(options: DrawThreadOptions): DrawThread {
  const { store, log } = options
  const fromBytes = options.fromBytes ?? threadFromBytes
  const file = options.file ?? threadFile()
  let worker: Worker | undefined
  let ready: Promise<boolean> | undefined
  /** The thread would not start: never tried again. */
  let unavailable = file === undefined
  let nextId = 0
  let drawn = 0
  const waiting = new Map<number, Waiting>()
  /** Charts being drawn: the thread is not idle while a client still reads one, however slowly. */
  const active = new Set<number>()
  let idle: NodeJS.Timeout | undefined

  const send = (message: ToThread, transfer: ArrayBuffer[] = []) => worker?.postMessage(message, transfer)

  function failAll(error: Error): void {
    for (const w of waiting.values()) w.reject(error)
    waiting.clear()
  }

  function start(): Promise<boolean> {
    if (ready !== undefined) return ready
    const thread = workerOf(file!)
    thread.unref()
    worker = thread
    ready = new Promise<boolean>((resolve) => {
      let started = false
      thread.on('message', (message: FromThread) => {
        if (message.type === 'ready') {
          started = true
          resolve(true)
        } else if (message.type === 'ask') void answer(message.ask, message.question)
        else if (message.type === 'part') waiting.get(message.id)?.resolve(message)
        else waiting.get(message.id)?.reject(new Error(message.message))
      })
      thread.on('error', (error) => {
        if (!started) {
          unavailable = true
          log?.warn(`big charts are drawn on the collector's thread: the drawing thread did not start (${errorMessage(error)})`)
        } else log?.error(`the drawing thread failed: ${errorMessage(error)}; the next big chart starts another`)
        resolve(false)
      })
      thread.on('exit', (code) => {
        if (worker === thread) {
          worker = undefined
          ready = undefined
        }
        failAll(new Error(`the drawing thread stopped (exit code ${code})`))
        resolve(false)
      })
    })
    return ready
  }

  async function answer(ask: number, question: Question): Promise<void> {
    try {
      if (question.call === 'timelines') {
        send({ type: 'answer', ask, value: await store.timelines(question.context, { limit: question.limit }) })
      } else {
        const records = handOver(await store.packedMessages(question.context, question.timeline))
        send({ type: 'answer', ask, value: records }, records.map((r) => r.buffer as ArrayBuffer))
      }
    } catch (error) {
      send({ type: 'answer', ask, error: errorMessage(error) })
    }
  }

  /** Stops the thread once it has had nothing to draw for a while. */
  function watchIdle(): void {
    clearTimeout(idle)
    if (active.size > 0 || worker === undefined) return
    idle = setTimeout(() => {
      if (active.size === 0) void worker?.terminate()
    }, IDLE_MS)
    idle.unref()
  }

  return {
    takes: (bytes) => !unavailable && bytes >= fromBytes,
    async draw(request, records) {
      if (unavailable || !(await start())) return undefined
      clearTimeout(idle)
      const id = ++nextId
      const thread = worker
      active.add(id)
      const given = handOver(records)
      send({ type: 'draw', id, request, records: given }, given.map((r) => r.buffer as ArrayBuffer))
      drawn++
      // one part ahead: the thread draws the next while this one is sent
      const ask = (): Promise<Part> => {
        if (worker !== thread) return Promise.reject(new Error('the drawing thread stopped'))
        const part = new Promise<Part>((resolve, reject) => waiting.set(id, { resolve, reject }))
        send({ type: 'more', id })
        return part
      }
      return (async function* () {
        let done = false
        try {
          let next = ask()
          while (!done) {
            const part = await next
            done = part.done
            if (!done) next = ask()
            if (part.bytes.byteLength > 0) yield part.bytes
          }
        } finally {
          waiting.delete(id)
          active.delete(id)
          if (!done) send({ type: 'cancel', id })
          watchIdle()
        }
      })()
    },
    get drawn() {
      return drawn
    },
    async close() {
      clearTimeout(idle)
      unavailable = true
      await worker?.terminate()
    },
  }
}

/** From source, the thread's TypeScript is loaded through tsx, as the tests are (its hooks do not reach a worker). */
function workerOf(file: URL): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file, { name: 'upto draw' })
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}) })`
  return new Worker(boot, { eval: true, name: 'upto draw' })
}

/**
 * Records whose memory can be handed to the thread without a copy, each the whole of its own buffer (a value
 * that shares one, as Node's small Buffers do, is copied): a transferred buffer is gone from this side.
 */
function handOver(records: Uint8Array[]): Uint8Array[] {
  const seen = new Set<ArrayBufferLike>()
  return records.map((r) => {
    const whole = r.byteOffset === 0 && r.byteLength === r.buffer.byteLength && !(r.buffer instanceof SharedArrayBuffer) && !seen.has(r.buffer)
    const own = whole ? r : new Uint8Array(r)
    seen.add(own.buffer)
    return own
  })
}
