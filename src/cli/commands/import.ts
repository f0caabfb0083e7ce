// upto import FILE --format ninja|chrome|packer --context CTX: a build log or trace becomes a timeline.
// The events go to the collector over HTTP (POST /api/events, batches of 1,000, each answered once durable),
// or with --data DIR straight into a data folder no collector holds; either way through the collector's own
// decoder, so they are checked as any event is. Each event has an id made from its timeline and key: importing
// the same file into the same timeline again adds nothing. The timeline id defaults to the run's start time
// (20240501-120000-000), so it is the same for the same file. Like any new timeline, it becomes the newest of
// its context: import into a context of its own (build-ninja) to keep live runs apart.

import { readFile, stat } from 'node:fs/promises'
import { limits } from '../../core/limits.ts'
import { timelineIdCandidate } from '../../core/placement.ts'
import type { Millis } from '../../core/types.ts'
import { importedEvents, startOf, type ImportedRun } from '../../import/imported.ts'
import { parseNinjaLog } from '../../import/ninja-log.ts'
import { parsePackerLog } from '../../import/packer-log.ts'
import { parseTraceEvents } from '../../import/trace-events.ts'
import { encodeBatch, type ClientEvent } from '../../protocol/encode.ts'
import { resolveDestination } from '../destination.ts'
import { CliError, usageError } from '../errors.ts'
import type { Io } from '../io.ts'
import { sendHttp } from '../send.ts'

export const importFormats = ['ninja', 'chrome', 'packer'] as const

export interface ImportOptions {
  format: string
  context: string
  timeline?: string
  start?: string
  utcOffset?: string
  data?: string
  remotehost?: string
  remoteport?: string
  timeout?: string
}

/** Times before this (1973) are offsets from the start of a build, not Unix times. */
const RELATIVE = 1e11

export async function importCommand(io: Io, file: string, options: ImportOptions): Promise<void> {
  if (!(importFormats as readonly string[]).includes(options.format)) {
    throw usageError(`invalid --format "${options.format}": expected ${importFormats.join(', ')}`)
  }
  const explicitStart = options.start === undefined ? undefined : parseStart(options.start)
  const offset = options.utcOffset === undefined ? 0 : parseOffset(options.utcOffset)
  let text: string
  let mtime: Millis
  try {
    text = await readFile(file, 'utf8')
    mtime = (await stat(file)).mtimeMs
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  const run = place(parse(options.format, text, offset), explicitStart, mtime)
  const start = startOf(run)
  if (start === undefined) {
    const why = run.skipped.slice(0, 3).map((s) => `${s.at}: ${s.reason}`).join('; ')
    throw new CliError(`nothing to import from ${file} as ${options.format}${why ? ` (${why})` : ''}`)
  }
  const timeline = options.timeline ?? timelineIdCandidate(start, 1)
  const events = importedEvents(run, options.context, timeline)
  const accepted = options.data === undefined ? await viaHttp(io, events, options) : await intoFolder(options.data, events, io.now())
  const skipped = run.skipped.length === 0 ? '' : `; ${run.skipped.length} skipped (${run.skipped.slice(0, 3).map((s) => `${s.at}: ${s.reason}`).join('; ')})`
  io.out(`imported ${run.spans.length} steps and ${run.marks.length} marks (${accepted} events) into ${options.context} / ${timeline}${skipped}\n`)
}

function parse(format: string, text: string, offset: number): ImportedRun {
  if (format === 'ninja') return parseNinjaLog(text, 0)
  if (format === 'chrome') return parseTraceEvents(text, 0)
  return parsePackerLog(text, offset)
}

/** Relative times (ninja logs, traces with offsets) start at --start, else so that the run ends at the file's mtime. */
function place(run: ImportedRun, start: Millis | undefined, mtime: Millis): ImportedRun {
  const first = startOf(run)
  if (first === undefined || first >= RELATIVE) return run
  let end = first
  for (const s of run.spans) end = Math.max(end, s.end)
  for (const m of run.marks) end = Math.max(end, m.time)
  const by = (start ?? mtime - (end - first)) - first
  return {
    spans: run.spans.map((s) => ({ ...s, start: s.start + by, end: s.end + by })),
    marks: run.marks.map((m) => ({ ...m, time: m.time + by })),
    skipped: run.skipped,
  }
}

async function viaHttp(io: Io, events: ClientEvent[], options: ImportOptions): Promise<number> {
  const to = resolveDestination(options, io.env)
  const seconds = options.timeout === undefined ? 30 : Number(options.timeout)
  const timeoutMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 30) * 1_000
  let accepted = 0
  for (let i = 0; i < events.length; i += limits.batchItems) {
    const answer = await sendHttp(encodeBatch(events.slice(i, i + limits.batchItems)), to, { timeoutMs, token: io.env.UPTO_TOKEN })
    accepted += answer.accepted
    for (const refusal of answer.refused) io.err(`upto: refused: ${refusal.detail}\n`)
  }
  return accepted
}

async function intoFolder(dir: string, events: ClientEvent[], now: Millis): Promise<number> {
  const { importIntoFolder } = await import('./import-folder.ts')
  return importIntoFolder(dir, events, now)
}

function parseStart(value: string): Millis {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(ms)) throw usageError(`invalid --start "${value}": expected an ISO time like 2024-05-01T12:00:00Z or Unix milliseconds`)
  return ms
}

function parseOffset(value: string): number {
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(value)
  if (!m) throw usageError(`invalid --utc-offset "${value}": expected +HH:MM or -HH:MM, like +02:00`)
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
}
