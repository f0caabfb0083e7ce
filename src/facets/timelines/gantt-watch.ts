// upto gantt --watch: the chart redrawn in place as the collector says the run changed (/api/changes), and each
// second while it runs, until the run has finished and stayed so for a moment, or q, Ctrl-C or a signal. Without
// a TIMELINE it follows the newest run of the context, a run begun meanwhile included. Each frame is one write,
// drawn over the last.

import type { Timeline } from '../../core/types.ts'
import { openChangeStream } from './change-stream.ts'
import type { Io } from '../../cli/io.ts'
import type { Reader } from '../../cli/reader.ts'

export interface WatchOptions {
  base: string
  headers: Record<string, string>
  /** Follow the newest run (no TIMELINE given). */
  newest: boolean
  /** How long a finished run stays on screen, unchanged, before the watch ends; default 3 s. */
  settleMs?: number
}

const HOME = '\x1b[H'
const CLEAR_LINE = '\x1b[K'
const CLEAR_BELOW = '\x1b[J'
const HIDE_CURSOR = '\x1b[?25l'
const SHOW_CURSOR = '\x1b[?25h'

export async function watchGantt(io: Io, reader: Reader, first: Timeline, draw: (t: Timeline) => string[], options: WatchOptions): Promise<void> {
  const { context } = first
  let id = first.id
  let timeline = first
  const changes = openChangeStream(options.base, context, options.headers)
  let stop!: () => void
  const stopped = new Promise<'stop'>((resolve) => (stop = () => resolve('stop')))
  void io.stopSignal().then(stop)
  const unlisten = io.onKey?.((key) => {
    if (key === 'q' || key === 'Q' || key === '\x03') stop()
  })
  const frame = () => io.out(`${HOME}${draw(timeline).map((line) => line + CLEAR_LINE).join('\n')}\n${CLEAR_BELOW}`)
  io.out(`${HIDE_CURSOR}\x1b[2J`)
  frame()
  try {
    let next = changes.next()
    for (;;) {
      // while it runs, the clock moves the chart each second; once finished, it stays a moment, then the watch ends
      const timer = timeline.running
        ? sleep(1_000).then(() => 'tick' as const)
        : sleep(options.settleMs ?? 3_000).then(() => 'settled' as const)
      const got = await Promise.race([next, stopped, timer])
      if (got === 'stop' || got === 'settled' || got === undefined) break
      if (got === 'tick') {
        frame()
        continue
      }
      next = changes.next()
      if (got !== 'hello') {
        if (got.timeline !== id && !(options.newest && got.created)) continue
        id = got.timeline
      }
      timeline = (await reader.timeline(context, id)) ?? timeline
      frame()
    }
  } finally {
    changes.close()
    unlisten?.()
    io.out(SHOW_CURSOR)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.())
}
