// `.ninja_log` (format v5, and v6 which has the same columns): after the `# ninja log v5` header, one line per
// finished edge: start ms, end ms (both since the build started), mtime, output path, command hash. An output's
// path gives the step's dotted name, one segment per directory (`obj/net/http.o` → `obj.net.http_o`); edges
// with several outputs (same hash) are one step. The log keeps every build, appending: like ninjatracing, a
// line that ends earlier than the line before starts a new build, and the last build is the one imported.
// The log has no absolute time: `start` says when the build began.

import type { Millis } from '../core/types.ts'
import { cleanSegment, type ImportedRun, type ImportedSpan, type Skipped } from './imported.ts'

export function parseNinjaLog(text: string, start: Millis): ImportedRun {
  const lines = text.split(/\r?\n/)
  const skipped: Skipped[] = []
  const header = /^# ninja log v(\d+)\s*$/.exec(lines[0] ?? '')
  if (!header || !['5', '6'].includes(header[1]!)) {
    return { spans: [], marks: [], skipped: [{ at: 1, reason: `first line is ${JSON.stringify((lines[0] ?? '').slice(0, 40))}: expected "# ninja log v5"` }] }
  }
  let build = new Map<string, { start: number; end: number; outputs: string[] }>()
  let lastEnd = -Infinity
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '' || line.startsWith('#')) return
    const [from, to, , output, hash] = line.split('\t')
    const s = Number(from)
    const e = Number(to)
    if (output === undefined || hash === undefined || !Number.isFinite(s) || !Number.isFinite(e) || e < s) {
      skipped.push({ at: i + 1, reason: 'expected start, end, mtime, output and hash separated by tabs' })
      return
    }
    if (e < lastEnd) build = new Map()
    lastEnd = e
    const edge = build.get(hash)
    if (edge) edge.outputs.push(output)
    else build.set(hash, { start: s, end: e, outputs: [output] })
  })
  const spans: ImportedSpan[] = [...build.values()].map((edge) => ({
    name: pathName(edge.outputs[0]!),
    host: '',
    start: start + edge.start,
    end: start + edge.end,
    status: 'ok',
    attrs: { output: edge.outputs.join(' ') },
  }))
  return { spans, marks: [], skipped }
}

/** `obj/net/http.o` → `obj.net.http_o`; `..` and `.` parts become `__` and `_`. */
export function pathName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((part) => part !== '')
  return (parts.length === 0 ? ['_'] : parts).map(cleanSegment).join('.')
}

/** The latest end in a log, in ms after the build's start: with the log's mtime it places a build in time. */
export function ninjaLogLength(run: ImportedRun, start: Millis): Millis {
  let end = start
  for (const span of run.spans) end = Math.max(end, span.end)
  return end - start
}
