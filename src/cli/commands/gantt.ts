// upto gantt CONTEXT [TIMELINE]: the timeline as a Gantt chart in the terminal.

import { renderTerminalGantt } from '../../render/terminal-gantt.ts'
import { usageError } from '../errors.ts'
import { missingRun } from '../missing-run.ts'
import { wantsColor, type Io } from '../io.ts'
import { openReader, type ReadOptions } from '../open-reader.ts'

export interface GanttOptions extends ReadOptions {
  width?: string
  details?: boolean
}

export async function gantt(io: Io, context: string, id: string | undefined, options: GanttOptions): Promise<void> {
  const width = options.width === undefined ? io.columns : Number(options.width)
  if (!Number.isInteger(width) || width < 40) throw usageError(`invalid --width "${options.width}": expected a number of columns, 40 or more`)
  const reader = await openReader(io, options)
  try {
    const timeline = await reader.timeline(context, id ?? 'latest')
    if (timeline === undefined) throw await missingRun(reader, context, id ?? 'latest')
    const chart = renderTerminalGantt(timeline, { width, now: io.now(), color: wantsColor(io), critical: true, details: options.details === true })
    io.out(chart.map((line) => `${line}\n`).join(''))
  } finally {
    await reader.close()
  }
}
