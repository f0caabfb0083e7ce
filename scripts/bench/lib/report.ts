// What a scenario hands back: its markdown section, and one check per target it measures.
// Alone, a scenario prints its section; under the runner (UPTO_BENCH_JSON set) it also writes the
// structured result there, for the summary table of docs/benchmarks.md.

import { writeFileSync } from 'node:fs'

export interface Check {
  /** The figure, as in the table: `upto start ctx a.b over UDP`. */
  scenario: string
  /** What was measured, with its unit. */
  measured: string
  /** The floor it is compared with, measured in the same run; '—' when the target is absolute. */
  floor: string
  /** measured / floor in the direction of the target, when there is a floor. */
  ratio?: string
  target: string
  /** undefined: could not be measured (a command not built yet). */
  met: boolean | undefined
}

export interface Section {
  /** File name without .ts: `udp-ingest`. */
  id: string
  title: string
  /** Everything under the section's heading: method, tables, profiles of misses. */
  body: string
  checks: Check[]
  /** Figures another scenario of the same run may use (the UDP zero-loss rate for the memory run). */
  data?: Record<string, number>
}

export function emit(section: Section): void {
  process.stdout.write(`## ${section.title}\n\n${section.body.trim()}\n\n`)
  const target = process.env.UPTO_BENCH_JSON
  if (target) writeFileSync(target, JSON.stringify(section))
}

export function metWord(met: boolean | undefined): string {
  return met === undefined ? 'not measured' : met ? 'met' : '**missed**'
}
