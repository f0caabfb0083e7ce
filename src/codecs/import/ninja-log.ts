// `.ninja_log`, formats v5, v6 and v7 (ninja 1.10 to 1.13: the columns are the same, only the command hash
// changed): after the `# ninja log vN` header, one line per finished edge: start ms, end ms (both since its
// build started), the output's mtime, the output's path, the command's hash. An output's path gives the step's
// dotted name, one segment per directory (`obj/net/http.o` → `obj.net.http_o`); lines of one edge (same hash,
// same times) are one step.
//
// Builds append to the log in the order edges finish, so a line that ends earlier than the line before starts
// a new build. `ninja -t recompact` (and ninja itself, when the log grows) rewrites the log with one line per
// output in hash order, entries of several builds mixed: those lines, up to the first output that repeats,
// are one build when they are out of order both in end time and in mtime — order that no build writes.
// A build's wall-clock start comes from its outputs' mtimes (mtime − end, the median), when they look like
// times and agree; otherwise the caller places it.

import type { Millis } from '../../core/types.ts'
import { cleanAttrs, cleanSegment, type ImportedRun, type ImportedSpan, type Skipped } from './imported.ts'

export const ninjaLogVersions = ['5', '6', '7']

export interface NinjaBuild extends ImportedRun {
  /** Unix ms when the build began, from the outputs' mtimes; undefined when they say nothing. */
  wallStart?: Millis
  /** The lines of a recompacted log: entries of several builds, shown as one. */
  recompacted: boolean
}

export interface NinjaLog {
  builds: NinjaBuild[]
  skipped: Skipped[]
}

interface Entry {
  start: number
  end: number
  mtime: number
  output: string
  hash: string
}

export function parseNinjaLog(text: string): NinjaLog {
  const lines = text.split(/\r?\n/)
  const header = /^# ninja log v(\d+)\s*$/.exec(lines[0] ?? '')
  if (!header || !ninjaLogVersions.includes(header[1]!)) {
    const first = JSON.stringify((lines[0] ?? '').slice(0, 40))
    return { builds: [], skipped: [{ at: 1, reason: `first line is ${first}: expected "# ninja log v5", "v6" or "v7"` }] }
  }
  const skipped: Skipped[] = []
  const entries: Entry[] = []
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '' || line.startsWith('#')) return
    const [from, to, mtime, output, hash] = line.split('\t')
    const start = Number(from)
    const end = Number(to)
    if (output === undefined || hash === undefined || !Number.isFinite(start) || !Number.isFinite(end) || end < start) {
      skipped.push({ at: i + 1, reason: 'expected start, end, mtime, output and hash separated by tabs' })
      return
    }
    entries.push({ start, end, mtime: Number(mtime) || 0, output, hash })
  })
  const builds: NinjaBuild[] = []
  const compacted = recompactedLength(entries)
  if (compacted > 0) builds.push(buildOf(entries.slice(0, compacted), true))
  let from = compacted
  for (let i = compacted + 1; i <= entries.length; i++) {
    if (i === entries.length || entries[i]!.end < entries[i - 1]!.end) {
      builds.push(buildOf(entries.slice(from, i), false))
      from = i
    }
  }
  return { builds, skipped }
}

/** How many lines at the top of the log a recompaction wrote (0 when none): see the header. */
function recompactedLength(entries: readonly Entry[]): number {
  const seen = new Set<string>()
  let n = 0
  while (n < entries.length && !seen.has(entries[n]!.output)) seen.add(entries[n++]!.output)
  let endsBack = false
  let mtimesBack = false
  let lastMtime = 0
  for (let i = 1; i < n; i++) {
    if (entries[i]!.end < entries[i - 1]!.end) endsBack = true
    const mtime = entries[i]!.mtime
    if (mtime === 0) continue
    if (mtime < lastMtime) mtimesBack = true
    lastMtime = mtime
  }
  return endsBack && mtimesBack ? n : 0
}

function buildOf(entries: readonly Entry[], recompacted: boolean): NinjaBuild {
  const edges = new Map<string, { start: number; end: number; outputs: string[] }>()
  for (const e of entries) {
    const key = `${e.hash}\u0000${e.start}\u0000${e.end}`
    const edge = edges.get(key)
    if (edge) edge.outputs.push(e.output)
    else edges.set(key, { start: e.start, end: e.end, outputs: [e.output] })
  }
  const spans: ImportedSpan[] = []
  for (const edge of edges.values()) {
    // sorted: a recompacted log lists an edge's outputs in hash order, and the step keeps its name
    const outputs = edge.outputs.sort()
    spans.push({ name: pathName(outputs[0]!), host: '', start: edge.start, end: edge.end, status: 'ok', attrs: cleanAttrs({ output: outputs.join(' ') })! })
  }
  const wallStart = recompacted ? undefined : startFromMtimes(entries)
  return { spans, marks: [], skipped: [], recompacted, ...(wallStart === undefined ? {} : { wallStart }) }
}

/**
 * The median of mtime − end over outputs whose mtime reads as a time between 2000 and 2100, when the middle
 * half of them agree within a second (restat outputs keep older mtimes; some ninjas logged inputs' mtimes).
 */
function startFromMtimes(entries: readonly Entry[]): Millis | undefined {
  const starts: number[] = []
  for (const e of entries) {
    const ms = mtimeMillis(e.mtime)
    if (ms !== undefined) starts.push(ms - e.end)
  }
  if (starts.length === 0) return undefined
  starts.sort((a, b) => a - b)
  const quartile = (q: number) => starts[Math.floor((starts.length - 1) * q)]!
  return quartile(0.75) - quartile(0.25) <= AGREE_MS ? quartile(0.5) : undefined
}

const AGREE_MS = 1_000

const Y2000 = 946_684_800_000
const Y2100 = 4_102_444_800_000

/** ninja writes mtimes in nanoseconds since 1.10, in seconds before: whichever reads as a plausible time. */
function mtimeMillis(mtime: number): Millis | undefined {
  for (const perMs of [1e6, 1e3, 1, 1e-3]) {
    const ms = mtime / perMs
    if (ms >= Y2000 && ms < Y2100) return ms
  }
  return undefined
}

/** `obj/net/http.o` → `obj.net.http_o`; `..` and `.` parts become `__` and `_`. */
export function pathName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((part) => part !== '')
  return (parts.length === 0 ? ['_'] : parts).map(cleanSegment).join('.')
}
