// The drawing thread: builds a big timeline from its records and draws its chart, off the collector's thread
// (draw-thread.ts starts it). The records come with the request; the earlier runs a stale limit is learned
// from are asked of the collector's store. Each part is drawn when the collector asks for it.

import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { buildTimeline } from '../../../core/timeline.ts'
import { errorMessage } from '../../../pipeline/log.ts'
import { unpackRecordsAtOnce } from '../../../store/level-record.ts'
import { type EarlierRuns, withStaleSteps } from '../../../store/stale-limits.ts'
import type { TimelinePage } from '../../../store/types.ts'
import { chartParts } from './chart-parts.ts'
import type { DrawRequest, FromThread, Question, ToThread } from './protocol.ts'

/** Text gathered into one part. */
const PART = 64 * 1024
/**
 * The thread's nice value: on a machine with every core busy, the collector's own thread and its UDP reader run
 * before it. Linux gives each thread its own (its id, from /proc/thread-self); elsewhere the thread keeps the
 * process's priority.
 */
const NICE = 19

try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), NICE)
} catch {}

const port = parentPort
if (port === null) throw new Error('thread.ts runs as a worker thread (draw-thread.ts)')
const post = (message: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

let asked = 0
const answers = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()

function ask<T>(question: Question): Promise<T> {
  const id = ++asked
  post({ type: 'ask', ask: id, question })
  return new Promise<T>((resolve, reject) => answers.set(id, { resolve: resolve as (value: unknown) => void, reject }))
}

/** The collector's store, as far as learning stale limits reads it: one for the thread's life, so what is learned is kept. */
const store: EarlierRuns = {
  timelines: (context, options) => ask<TimelinePage>({ call: 'timelines', context, limit: options?.limit ?? 100 }),
  messages: async (context, timeline) => unpackRecordsAtOnce(await ask<Uint8Array[]>({ call: 'records', context, timeline }), context, timeline),
}

interface Drawing {
  parts: AsyncGenerator<string, void, undefined>
  /** The part being drawn: parts are asked for one at a time. */
  drawing: Promise<void>
}

const drawings = new Map<number, Drawing>()

async function* partsOf(request: DrawRequest, records: Uint8Array[]): AsyncGenerator<string, void, undefined> {
  const { info, now } = request
  // nothing else waits for this thread: unpacked and built at once, not in turns as on the collector's thread
  // (200,000 events are built in half the time)
  const timeline = await withStaleSteps(store, buildTimeline(info, unpackRecordsAtOnce(records, info.context, info.id)), now, request.staleMs)
  yield* chartParts(request.kind, timeline, now)
}

const encoder = new TextEncoder()

async function nextPart(id: number, drawing: Drawing): Promise<void> {
  let text = ''
  let done = false
  try {
    while (text.length < PART) {
      const step = await drawing.parts.next()
      if (step.done) {
        done = true
        break
      }
      text += step.value
    }
  } catch (error) {
    drawings.delete(id)
    post({ type: 'failed', id, message: errorMessage(error) })
    return
  }
  if (done) drawings.delete(id)
  const bytes = encoder.encode(text)
  post({ type: 'part', id, bytes, done }, [bytes.buffer as ArrayBuffer])
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'draw': {
      const parts = partsOf(message.request, message.records)
      drawings.set(message.id, { parts, drawing: Promise.resolve() })
      return
    }
    case 'more': {
      const drawing = drawings.get(message.id)
      if (drawing === undefined) return
      drawing.drawing = drawing.drawing.then(() => nextPart(message.id, drawing))
      return
    }
    case 'cancel': {
      const drawing = drawings.get(message.id)
      drawings.delete(message.id)
      void drawing?.parts.return()
      return
    }
    case 'answer': {
      const waiting = answers.get(message.ask)
      answers.delete(message.ask)
      if (message.error === undefined) waiting?.resolve(message.value)
      else waiting?.reject(new Error(message.error))
      return
    }
  }
})

post({ type: 'ready' })
