// upto export CTX [TIMELINE] --format chrome|otlp|mermaid|csv|json: a timeline (default the newest) on stdout.

import { exportFormats, exportTimeline, isExportFormat } from '../../export/formats.ts'
import { usageError } from '../errors.ts'
import type { Io } from '../io.ts'
import { openReader, type ReadOptions } from '../open-reader.ts'
import { loadRun } from './load-runs.ts'

export interface ExportOptions extends ReadOptions {
  format: string
}

export async function exportCommand(io: Io, context: string, id: string | undefined, options: ExportOptions): Promise<void> {
  if (!isExportFormat(options.format)) throw usageError(`invalid --format "${options.format}": expected ${exportFormats.join(', ')}`)
  const reader = await openReader(io, options)
  try {
    const timeline = await loadRun(reader, context, id ?? 'latest')
    io.out(exportTimeline(timeline, options.format, io.now()).body)
  } finally {
    await reader.close()
  }
}
