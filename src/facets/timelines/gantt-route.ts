// GET /gantt/:context/:timeline (`latest` allowed): the HTML page; the terminal chart as plain text
// when the client prefers text/plain (curl -H 'Accept: text/plain') or asks ?format=text (with
// ?width=, default 100, 40–400); ?format=svg for the SVG alone. The same answers as /c/:context/:timeline.

import type { Hono } from 'hono'
import { type GanttAnswerDeps, answerGantt } from './gantt-answer.ts'
import { hrefs } from '../../render/hrefs.ts'

export type GanttRouteDeps = GanttAnswerDeps

export { defaultTextWidth, textWidthRange } from './gantt-answer.ts'

export function addGanttRoute(app: Hono, deps: GanttRouteDeps): void {
  app.get('/gantt/:context/:timeline', (c) =>
    answerGantt(c, deps, { context: c.req.param('context'), id: c.req.param('timeline'), self: hrefs.gantt }),
  )
}
