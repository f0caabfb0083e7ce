// A timeline's chart as parts of text, whichever thread draws it.

import type { Millis, Timeline } from '../../../core/types.ts'
import { ganttFragmentParts } from '../web-gantt-page.ts'
import { ganttSvgParts, pageBigRows } from '../web-gantt-svg.ts'
import type { ChartKind } from './protocol.ts'

export function chartParts(kind: ChartKind, timeline: Timeline, now: Millis): Generator<string, void, undefined> {
  return kind === 'svg' ? ganttSvgParts(timeline, { now }) : ganttFragmentParts(timeline, now, undefined, pageBigRows)
}
