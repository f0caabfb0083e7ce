// Every export format: its function, media type and file extension, for `upto export` and the HTTP route.

import { criticalPath } from '../core/critical-path.ts'
import type { Millis, Timeline } from '../core/types.ts'
import { chromeTrace } from './chrome-trace.ts'
import { criticalPathJson } from './critical-path-json.ts'
import { timelineCsv } from './csv.ts'
import { mermaidGantt } from './mermaid.ts'
import { otlpTraces } from './otlp.ts'

export const exportFormats = ['chrome', 'otlp', 'mermaid', 'csv', 'json'] as const
export type ExportFormat = (typeof exportFormats)[number]

export interface Exported {
  body: string
  type: string
  extension: string
}

export function isExportFormat(value: string): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value)
}

export function exportTimeline(timeline: Timeline, format: ExportFormat, now: Millis): Exported {
  switch (format) {
    case 'chrome':
      return { body: json(chromeTrace(timeline, now)), type: 'application/json', extension: 'json' }
    case 'otlp':
      return { body: json(otlpTraces(timeline, now)), type: 'application/json', extension: 'json' }
    case 'mermaid':
      return { body: mermaidGantt(timeline, now), type: 'text/vnd.mermaid; charset=utf-8', extension: 'mmd' }
    case 'csv':
      return { body: timelineCsv(timeline, now), type: 'text/csv; charset=utf-8', extension: 'csv' }
    case 'json':
      return {
        body: json({ ...timeline, criticalPath: criticalPathJson(criticalPath(timeline, { now })) }),
        type: 'application/json',
        extension: 'json',
      }
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
