// upto gantt CONTEXT [TIMELINE]: the timeline as a Gantt chart in the terminal.

import type { Timeline } from '../../core/types.ts'
import { renderTerminalGantt } from './terminal-gantt.ts'
import { httpBase, resolveDestination } from '../../cli/destination.ts'
import { usageError } from '../../cli/errors.ts'
import { wantsColor, type Io } from '../../cli/io.ts'
import { openReader, type ReadOptions } from '../../cli/open-reader.ts'
import { watchGantt } from './gantt-watch.ts'
import { loadRun } from '../../cli/load-runs.ts'

export interface GanttOptions extends ReadOptions {
  width?: string
  details?: boolean
  watch?: boolean
  /** For tests: how long --watch waits on a finished run. */
  settleMs?: number
}

export async function gantt(io: Io, context: string, id: string | undefined, options: GanttOptions): Promise<void> {
  const width = options.width === undefined ? io.columns : Number(options.width)
  if (!Number.isInteger(width) || width < 40) throw usageError(`invalid --width "${options.width}": expected a number of columns, 40 or more`)
  if (options.watch && options.data !== undefined) {
    throw usageError('--watch follows the collector\'s live updates: it cannot read a --data folder')
  }
  const reader = await openReader(io, options)
  try {
    const timeline = await loadRun(reader, context, id ?? 'latest')
    const draw = (t: Timeline) =>
      renderTerminalGantt(t, { width: options.width === undefined ? io.columns : width, now: io.now(), color: wantsColor(io), critical: true, details: options.details === true })
    // not on a terminal, the chart is printed once
    if (!options.watch || !io.isTTY) {
      io.out(draw(timeline).map((line) => `${line}\n`).join(''))
      return
    }
    const token = io.env.UPTO_READ_TOKEN || io.env.UPTO_TOKEN
    await watchGantt(io, reader, timeline, draw, {
      base: httpBase(resolveDestination(options, io.env)),
      headers: token ? { authorization: `Bearer ${token}` } : {},
      newest: id === undefined,
      ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
    })
  } finally {
    await reader.close()
  }
}
