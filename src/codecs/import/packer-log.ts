// A packer log written with PACKER_LOG=1: its telemetry lines give the steps.
//   2023/07/22 00:26:48 [INFO] (telemetry) Starting builder amazon-ebs
//   2023/07/22 00:26:48 [INFO] (telemetry) Starting provisioner shell
//   2023/07/22 00:28:10 [INFO] (telemetry) ending shell
//   2023/07/22 00:30:02 [INFO] (telemetry) ending amazon-ebs
// A builder is a top-level step and the provisioners that start while it runs are its children
// (`amazon-ebs.shell`); post-processors are top-level. `ending NAME` ends the latest open step of that name;
// `Build 'NAME' errored…` marks the builder failed with the rest of the line as the message; `Finalizing` is a
// mark. Times are local times without a zone: `utcOffset` (minutes east of UTC) places them. Steps still open at
// the end of the log end at its last time with status `unfinished`. Lines wrapped by a runner (`PACKER ERR …`)
// are read the same way.

import type { Millis } from '../../core/types.ts'
import { cleanAttrs, cleanSegment, type ImportedMark, type ImportedRun, type ImportedSpan } from './imported.ts'

const TIME = /(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?/
const TELEMETRY = /\(telemetry\) (?:Starting (builder|provisioner|post-processor) (.+?)|ending (.+?)|(Finalizing))\.?\s*$/
const ERRORED = /Build '([^']+)' errored(?: after [^:]*)?: ?(.*)$/

interface Open extends ImportedSpan {
  raw: string
  kind: string
}

export function parsePackerLog(text: string, utcOffset = 0): ImportedRun {
  const spans: ImportedSpan[] = []
  const marks: ImportedMark[] = []
  const open: Open[] = []
  const failed = new Map<string, string>()
  let last: Millis | undefined
  text.split(/\r?\n/).forEach((line) => {
    const errored = ERRORED.exec(line)
    if (errored) failed.set(errored[1]!, errored[2]!.trim())
    const telemetry = TELEMETRY.exec(line)
    const stamp = TIME.exec(line)
    if (!telemetry || !stamp) return
    const time = timeOf(stamp, utcOffset)
    last = Math.max(last ?? time, time)
    const [, kind, name, ended, finalizing] = telemetry
    if (finalizing) marks.push({ name: 'finalizing', host: '', time })
    else if (kind && name) {
      const builder = kind === 'provisioner' ? [...open].reverse().find((o) => o.kind === 'builder') : undefined
      const segment = cleanSegment(name)
      open.push({ raw: name, kind, name: builder ? `${builder.name}.${segment}` : segment, host: '', start: time, end: time, attrs: cleanAttrs({ packer: kind })! })
    } else if (ended) {
      const at = open.map((o) => o.raw).lastIndexOf(ended)
      if (at < 0) return
      const [step] = open.splice(at, 1)
      spans.push(finish(step!, time, 'ok'))
    }
  })
  for (const step of open) spans.push(finish(step, last ?? step.start, 'unfinished'))
  for (const span of spans) {
    if (span.attrs?.packer !== 'builder') continue
    const build = [...failed.keys()].find((b) => b === span.name || b.startsWith(`${span.name}.`) || cleanSegment(b) === span.name)
    if (build !== undefined) {
      span.status = 'error'
      const message = failed.get(build)
      if (message) span.message = message
    }
  }
  return { spans, marks, skipped: [] }
}

function finish(step: Open, end: Millis, status: string): ImportedSpan {
  const { raw: _raw, kind: _kind, ...span } = step
  return { ...span, end, status }
}

function timeOf(m: RegExpExecArray, utcOffset: number): Millis {
  const [, y, mo, d, h, mi, s, frac] = m
  const ms = frac === undefined ? 0 : Number(frac.padEnd(6, '0')) / 1_000
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + ms - utcOffset * 60_000
}
