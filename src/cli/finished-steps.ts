// Outside CI, a step with no --timeline joins the newest run of its context: a loop that forgets `upto new` makes
// one run of all its iterations (`build ✓ ×3`). So the client remembers, on this machine, which steps it ended in
// the newest run of each context since the last `upto new` it sent, and says once, on stderr, when a start makes
// one of them a further attempt. A note, never a failure: a state file it cannot read or write is no note.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { ClientEvent } from '../codecs/encode.ts'
import type { Destination } from './destination.ts'

type Env = Readonly<Record<string, string | undefined>>

interface Run {
  /** Ends sent per step name. */
  ended: Record<string, number>
  /** Steps already noted: a loop is told once. */
  noted: string[]
}

/** Contexts and steps remembered at most: the oldest are forgotten. */
const CONTEXTS = 50
const STEPS = 500

/** `${XDG_STATE_HOME:-~/.local/state}/upto/finished-steps.json`; undefined without a home to keep it in. */
export function stateFile(env: Env): string | undefined {
  const base = env.XDG_STATE_HOME || (env.HOME ? `${env.HOME}/.local/state` : undefined)
  return base === undefined ? undefined : `${base}/upto/finished-steps.json`
}

/**
 * Notes a sent event; answers the line to say when it is the start of a step that already finished in the newest
 * run. Events for a named run (--timeline, CI, UPTO_TIMELINE) are not about the newest run: left alone.
 */
export function noteSent(env: Env, to: Destination, event: ClientEvent): string | undefined {
  if (event.kind === 'mark' || (event.timeline !== undefined && event.kind !== 'new')) return undefined
  const file = stateFile(env)
  if (file === undefined) return undefined
  const runs = read(file)
  const key = `${to.host}:${to.port} ${event.context}`
  const run = runs[key] ?? { ended: {}, noted: [] }
  delete runs[key] // re-added last: the most recent is kept
  let note: string | undefined
  if (event.kind === 'new') {
    runs[key] = { ended: {}, noted: [] }
  } else if (event.kind === 'end') {
    run.ended[event.name] = (run.ended[event.name] ?? 0) + 1
    const names = Object.keys(run.ended)
    for (const name of names.slice(0, Math.max(0, names.length - STEPS))) delete run.ended[name]
    runs[key] = run
  } else {
    const ends = run.ended[event.name]
    if (ends !== undefined && !run.noted.includes(event.name)) {
      run.noted = [...run.noted.slice(-STEPS + 1), event.name]
      note = `upto: note: ${event.name} already finished in the newest run of ${event.context}: this start is attempt ${ends + 1} ` +
        `of it. To begin a new run, send \`upto new ${event.context}\` first (or pass --timeline)\n`
    }
    runs[key] = run
  }
  const keys = Object.keys(runs)
  for (const old of keys.slice(0, Math.max(0, keys.length - CONTEXTS))) delete runs[old]
  write(file, runs)
  return note
}

function read(file: string): Record<string, Run> {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, Run>) : {}
  } catch {
    return {}
  }
}

function write(file: string, runs: Record<string, Run>): void {
  try {
    mkdirSync(file.slice(0, file.lastIndexOf('/')), { recursive: true })
    // whole or not at all: steps running side by side never leave half a file
    const temporary = `${file}.${process.pid}`
    writeFileSync(temporary, JSON.stringify(runs))
    renameSync(temporary, file)
  } catch {}
}
