// Every export format: its function, media type and file extension, for `upto export` and the HTTP route.

import { criticalPath } from '../../core/critical-path.ts'
import type { Millis, Timeline } from '../../core/types.ts'
import { chromeTrace } from './chrome-trace.ts'
import { criticalPathJson } from './critical-path-json.ts'
import { timelineCsv } from './csv.ts'
import { mermaidGantt } from './mermaid.ts'
import { otlpJson } from './otlp.ts'

export const exportFormats = ['chrome', 'otlp', 'mermaid', 'csv', 'json'] as const
export type ExportFormat = (typeof exportFormats)[number]

export interface Exported {
  /** The text, a piece at a time: a big export is written as it is made, never held whole (otlp). */
  chunks: Iterable<string>
  type: string
  extension: string
}

export function isExportFormat(value: string): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value)
}

/** `raw`: CSV cells as they are, without the guard against spreadsheet formulas. */
export function exportTimeline(timeline: Timeline, format: ExportFormat, now: Millis, options: { raw?: boolean } = {}): Exported {
  switch (format) {
    case 'chrome':
      return { chunks: [json(chromeTrace(timeline, now))], type: 'application/json', extension: 'json' }
    case 'otlp':
      return { chunks: otlpJson(timeline, now), type: 'application/json', extension: 'json' }
    case 'mermaid':
      return { chunks: [mermaidGantt(timeline, now)], type: 'text/vnd.mermaid; charset=utf-8', extension: 'mmd' }
    case 'csv':
      return { chunks: [timelineCsv(timeline, now, options)], type: 'text/csv; charset=utf-8', extension: 'csv' }
    case 'json':
      return {
        chunks: [json({ ...timeline, criticalPath: criticalPathJson(criticalPath(timeline, { now })) })],
        type: 'application/json',
        extension: 'json',
      }
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`
}
