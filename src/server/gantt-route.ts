// GET /gantt/:context/:timeline (`latest` allowed): the HTML page; the terminal chart as plain text
// when the client prefers text/plain (curl -H 'Accept: text/plain') or asks ?format=text (with
// ?width=, default 100, 40–400); ?format=svg for the SVG alone.

import type { Hono } from 'hono'
import { renderTerminalGantt } from '../render/terminal-gantt.ts'
import { renderGanttPage, renderGanttSvg } from '../render/web-gantt.ts'
import type { Store } from '../store/types.ts'
import { prefersText } from './accept.ts'
import { hrefs } from './hrefs.ts'
import { loadTimeline } from './load-timeline.ts'
import { badRequest } from './responses.ts'

export interface GanttRouteDeps {
  store: Store
  now: () => number
}

type Format = 'html' | 'text' | 'svg'
const formats: readonly Format[] = ['html', 'text', 'svg']

export const defaultTextWidth = 100
export const textWidthRange = { min: 40, max: 400 }

export function addGanttRoute(app: Hono, { store, now }: GanttRouteDeps): void {
  app.get('/gantt/:context/:timeline', async (c) => {
    const format = chosenFormat(c.req.query('format'), c.req.header('accept'))
    const width = textWidth(c.req.query('width'))
    const timeline = await loadTimeline(store, c.req.param('context'), c.req.param('timeline'))
    const at = now()
    if (format === 'text') {
      const lines = renderTerminalGantt(timeline, { width, now: at, color: false })
      return c.body(lines.join('\n') + '\n', 200, { 'content-type': 'text/plain; charset=utf-8' })
    }
    if (format === 'svg') {
      return c.body(renderGanttSvg(timeline, { now: at }), 200, { 'content-type': 'image/svg+xml; charset=utf-8' })
    }
    const self = hrefs.gantt(timeline.context, timeline.id)
    const page = renderGanttPage(timeline, {
      now: at,
      jsonHref: hrefs.timeline(timeline.context, timeline.id),
      textHref: `${self}?format=text`,
    })
    return c.html(page)
  })
}

function chosenFormat(raw: string | undefined, accept: string | undefined): Format {
  if (raw === undefined) return prefersText(accept) ? 'text' : 'html'
  if ((formats as readonly string[]).includes(raw)) return raw as Format
  throw badRequest(`invalid format "${raw}": expected ${formats.join(', ')}`)
}

function textWidth(raw: string | undefined): number {
  if (raw === undefined) return defaultTextWidth
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n)) {
    const { min, max } = textWidthRange
    throw badRequest(`invalid width "${raw}": expected a number of columns from ${min} to ${max}`)
  }
  return Math.min(textWidthRange.max, Math.max(textWidthRange.min, Math.round(n)))
}
