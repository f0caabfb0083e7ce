// upto import FILE --format ninja|chrome|packer --context CTX: a build log or trace becomes a timeline.
// The events go to the collector over HTTP (POST /api/events, JSON batches of up to 1,000, a few in flight, each
// answered once durable), or with --data DIR straight into a data folder no collector holds; either way through
// the collector's own decoder, so they are checked as any event is. Every event of a timeline carries one id made
// from it: with the event's kind, name and host it keys the message, so importing the same file into the same
// timeline again adds nothing. The timeline id defaults to the run's start time (20240501-120000-000), so it is
// the same for the same file. Like any new timeline, it becomes the newest of its context: import into a
// context of its own (build-ninja) to keep live runs apart. A .ninja_log holds many builds: --build last (the
// default), N (1 the oldest) or all, each its own timeline. Steps the collector would refuse (names too deep or
// too long) are left out whole, named in the summary, and make the command fail once the rest is in, unless
// --skip-invalid.

import { readFile, stat } from 'node:fs/promises'
import { timelineIdCandidate } from '../../core/placement.ts'
import type { Millis } from '../../core/types.ts'
import { eventsOf, startOf, type ImportedEvents, type ImportedRun, type Skipped } from '../../codecs/import/imported.ts'
import { parseNinjaLog, type NinjaBuild } from '../../codecs/import/ninja-log.ts'
import { parsePackerLog } from '../../codecs/import/packer-log.ts'
import { parseTraceEvents } from '../../codecs/import/trace-events.ts'
import { jsonBatches } from '../../codecs/json-batches.ts'
import { growYoungGenerationAtOnce } from '../../cli/young-generation.ts'
import { resolveDestination } from '../../cli/destination.ts'
import { CliError, usageError } from '../../cli/errors.ts'
import type { Io } from '../../cli/io.ts'
import { sendHttp } from '../../cli/send.ts'

export const importFormats = ['ninja', 'chrome', 'packer'] as const

export interface ImportOptions {
  format: string
  context: string
  timeline?: string
  start?: string
  utcOffset?: string
  build?: string
  skipInvalid?: boolean
  data?: string
  remotehost?: string
  remoteport?: string
  timeout?: string
}

/** Times before this (1973) are offsets from the start of a build, not Unix times. */
const RELATIVE = 1e11
/** How many refusals or skipped lines a summary names. */
const SHOWN = 3

export async function importCommand(io: Io, file: string, options: ImportOptions): Promise<void> {
  if (!(importFormats as readonly string[]).includes(options.format)) {
    throw usageError(`invalid --format "${options.format}": expected ${importFormats.join(', ')}`)
  }
  const explicitStart = options.start === undefined ? undefined : parseStart(options.start)
  const offset = options.utcOffset === undefined ? 0 : parseOffset(options.utcOffset)
  if (options.build !== undefined && options.format !== 'ninja') throw usageError(`--build chooses builds of a .ninja_log: leave it out with --format ${options.format}`)
  const build = parseBuild(options.build ?? 'last')
  // a big trace makes millions of short-lived objects: the young generation at its size at once saves seconds
  growYoungGenerationAtOnce()
  if (build === 'all' && options.timeline !== undefined) throw usageError('--timeline names one timeline: leave it out with --build all (each build gets its own)')
  let bytes: Buffer | undefined
  let mtime: Millis
  try {
    bytes = await readFile(file)
    mtime = (await stat(file)).mtimeMs
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  // handed over, not kept: a big trace's bytes can go once they are text, long before the sending
  const take = (): Buffer => {
    const taken = bytes!
    bytes = undefined
    return taken
  }
  const { runs, skipped } = parse(options.format, take, offset, build, explicitStart, mtime)
  const starts = runs.map(startOf)
  if (runs.length === 0 || starts.every((s) => s === undefined)) {
    const why = list([...skipped, ...runs.flatMap((r) => r.skipped)].map((s) => s.at === 0 ? s.reason : `${s.at}: ${s.reason}`))
    throw new CliError(`nothing to import from ${file} as ${options.format}${why ? ` (${why})` : ''}`)
  }
  const refused: ImportedEvents['refused'] = []
  const usedIds = new Set<string>()
  const deliver = options.data === undefined ? await httpDelivery(io, options) : await folderDelivery(options.data, io.now())
  try {
    for (const [i, run] of runs.entries()) {
      const start = starts[i]
      if (start === undefined) continue
      let timeline = options.timeline ?? timelineIdCandidate(start, 1)
      for (let n = 2; usedIds.has(timeline); n++) timeline = timelineIdCandidate(start, n)
      usedIds.add(timeline)
      const before = refused.length
      const accepted = await deliverAll(jsonBatches(eventsOf(run, options.context, timeline, io.now(), refused)), deliver.send)
      const left = refused.slice(before)
      const steps = run.spans.length - left.filter((r) => r.kind === 'step').length
      const marks = run.marks.length - left.filter((r) => r.kind === 'mark').length
      io.out(`imported ${steps} steps and ${marks} marks (${accepted} events) into ${options.context} / ${timeline}${summary(run, i === runs.length - 1 ? skipped : [])}\n`)
    }
  } finally {
    await deliver.close()
  }
  if (refused.length > 0) {
    const reasons = list(refused.map((r) => `${r.name}: ${r.detail}`))
    const message = `${refused.length} ${refused.length === 1 ? 'step or mark' : 'steps and marks'} left out, the collector would refuse them (${reasons})`
    if (options.skipInvalid) io.err(`upto: ${message}\n`)
    else throw new CliError(`${message}; the rest is imported, --skip-invalid accepts that`)
  }
}

/** What else the file held: lines or events that could not be read, and kinds left out on purpose. */
function summary(run: ImportedRun, skipped: readonly Skipped[]): string {
  const parts: string[] = []
  const unreadable = [...skipped, ...run.skipped]
  if (unreadable.length > 0) parts.push(`${unreadable.length} skipped (${list(unreadable.map((s) => `${s.at}: ${s.reason}`))})`)
  const ignored = Object.entries(run.ignored ?? {})
  if (ignored.length > 0) parts.push(`left out: ${ignored.map(([kind, n]) => `${n} ${kind}`).join(', ')}`)
  return parts.map((p) => `; ${p}`).join('')
}

function list(items: readonly string[]): string {
  return items.slice(0, SHOWN).join('; ') + (items.length > SHOWN ? `; and ${items.length - SHOWN} more` : '')
}

type BuildChoice = 'last' | 'all' | number

function parseBuild(value: string): BuildChoice {
  if (value === 'last' || value === 'all') return value
  if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value)
  throw usageError(`invalid --build "${value}": expected last, all, or the number of a build in the log (1 is the oldest)`)
}

function parse(format: string, take: () => Buffer, offset: number, build: BuildChoice, start: Millis | undefined, mtime: Millis): { runs: ImportedRun[]; skipped: Skipped[] } {
  if (format === 'ninja') {
    const log = parseNinjaLog(take().toString('utf8'))
    if (log.builds.length === 0) return { runs: [], skipped: log.skipped }
    const chosen = build === 'all' ? log.builds : build === 'last' ? log.builds.slice(-1) : log.builds.slice(build - 1, build)
    if (chosen.length === 0) throw usageError(`invalid --build "${build}": the log holds ${log.builds.length} build${log.builds.length === 1 ? '' : 's'}`)
    return { runs: placeBuilds(chosen, start, mtime), skipped: log.skipped }
  }
  const run = format === 'chrome' ? parseTraceEvents(take(), 0) : parsePackerLog(take().toString('utf8'), offset)
  return { runs: [place(run, start, mtime)], skipped: [] }
}

/**
 * Builds placed in time: where their outputs' mtimes say they began, the first moved to --start when given;
 * when a build's mtimes say nothing, back to back in the log's order, ending at the file's mtime.
 */
function placeBuilds(builds: readonly NinjaBuild[], start: Millis | undefined, mtime: Millis): ImportedRun[] {
  if (builds.every((b) => b.wallStart !== undefined)) {
    const by = start === undefined ? 0 : start - builds[0]!.wallStart!
    return builds.map((b) => shift(b, b.wallStart! + by))
  }
  const lengths = builds.map(lengthOf)
  let at = start ?? mtime - lengths.reduce((sum, n) => sum + n, 0)
  return builds.map((b, i) => {
    const placed = shift(b, at)
    at += lengths[i]!
    return placed
  })
}

function lengthOf(run: ImportedRun): Millis {
  let end = 0
  for (const s of run.spans) end = Math.max(end, s.end)
  return end
}

/** A run of times relative to 0 moved to begin at `at`. */
function shift(run: ImportedRun, at: Millis): ImportedRun {
  return {
    ...run,
    spans: run.spans.map((s) => ({ ...s, start: s.start + at, end: s.end + at })),
    marks: run.marks.map((m) => ({ ...m, time: m.time + at })),
  }
}

/** Relative times (traces with offsets) start at --start, else so that the run ends at the file's mtime. */
function place(run: ImportedRun, start: Millis | undefined, mtime: Millis): ImportedRun {
  const first = startOf(run)
  if (first === undefined || first >= RELATIVE) return run
  let end = first
  for (const s of run.spans) end = Math.max(end, s.end)
  for (const m of run.marks) end = Math.max(end, m.time)
  return shift(run, (start ?? mtime - (end - first)) - first)
}

/** Where the bodies go: the collector over HTTP, or a data folder; each answers with how many it accepted. */
interface Delivery {
  send(body: Buffer): Promise<number>
  close(): Promise<void>
}

/** Batches in flight at once: the collector stores one while the next is built and sent. */
const IN_FLIGHT = 3

/** Sends every body, a few at a time; resolves with the events accepted, or rejects with the first failure. */
async function deliverAll(bodies: Iterable<Buffer>, send: (body: Buffer) => Promise<number>): Promise<number> {
  let accepted = 0
  const pending = new Set<Promise<void>>()
  let failure: unknown
  for (const body of bodies) {
    const sent: Promise<void> = send(body).then((n) => {
      accepted += n
    }, (error: unknown) => {
      failure ??= error
    }).finally(() => pending.delete(sent))
    pending.add(sent)
    if (pending.size >= IN_FLIGHT) await Promise.race(pending)
    if (failure !== undefined) break
  }
  await Promise.all(pending)
  if (failure !== undefined) throw failure
  return accepted
}

async function httpDelivery(io: Io, options: ImportOptions): Promise<Delivery> {
  const to = resolveDestination(options, io.env)
  const seconds = options.timeout === undefined ? 30 : Number(options.timeout)
  const timeoutMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 30) * 1_000
  const { importPost } = await import('./import-post.ts')
  const { post, close } = importPost(IN_FLIGHT)
  return {
    async send(body) {
      const answer = await sendHttp(body, to, { timeoutMs, token: io.env.UPTO_TOKEN, contentType: 'application/json', post })
      for (const refusal of answer.refused) io.err(`upto: refused: ${refusal.detail}\n`)
      return answer.accepted
    },
    close: async () => close(),
  }
}

async function folderDelivery(dir: string, now: Millis): Promise<Delivery> {
  const { openFolderDelivery } = await import('./import-folder.ts')
  return openFolderDelivery(dir, now)
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
