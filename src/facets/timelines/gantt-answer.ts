// One timeline's chart in the format asked for: the HTML page (its head sent before the timeline is
// read, so the browser starts on styles and script at once), the chart fragment the page's script
// re-fetches (?part=chart), the terminal chart as plain text, or the SVG alone.
// Shared by GET /gantt/:context/:timeline and GET /c/:context/:timeline.

import type { Context } from 'hono'
import type { TimelineInfo } from '../../core/types.ts'
import { renderTerminalGantt } from './terminal-gantt.ts'
import { type GanttPageLinks, ganttFragment, ganttPageEnd, ganttPageHead } from './web-gantt-page.ts'
import { renderGanttSvg } from './web-gantt-svg.ts'
import type { Store } from '../../store/types.ts'
import { latest, readTimeline } from '../../store/views.ts'
import { prefersText } from '../../http/accept.ts'
import { analysisHrefs } from '../../render/hrefs.ts'
import { hrefs } from '../../render/hrefs.ts'
import { findTimelineOr404 } from '../../http/load-timeline.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { badRequest } from '../../http/responses.ts'

export interface GanttAnswerDeps {
  store: Store
  now: () => number
  log?: Logger
}

export type Format = 'html' | 'text' | 'svg'
const formats: readonly Format[] = ['html', 'text', 'svg']

export const defaultTextWidth = 100
export const textWidthRange = { min: 40, max: 400 }

export interface GanttRequest {
  context: string
  id: string
  /** Fixed by the URL (`.svg`); else from ?format= or the Accept header. */
  format?: Format
  /** This route's own URL for a timeline, for the plain-text link. */
  self: (context: string, id: string) => string
}

export async function answerGantt(c: Context, deps: GanttAnswerDeps, request: GanttRequest): Promise<Response> {
  const { store, now } = deps
  const format = request.format ?? chosenFormat(c.req.query('format'), c.req.header('accept'))
  const width = textWidth(c.req.query('width'))
  const part = c.req.query('part')
  if (part !== undefined && part !== 'chart') throw badRequest(`invalid part "${part}": expected chart`)
  const info = await findTimelineOr404(store, request.context, request.id)
  if (format === 'text') {
    const lines = renderTerminalGantt(await readTimeline(store, info), { width, now: now(), color: false, critical: true })
    return c.body(lines.join('\n') + '\n', 200, { 'content-type': 'text/plain; charset=utf-8' })
  }
  if (format === 'svg') {
    const svg = renderGanttSvg(await readTimeline(store, info), { now: now() })
    return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8' })
  }
  if (part === 'chart') {
    const fragment = ganttFragment(await readTimeline(store, info), now())
    return c.body(fragment, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  }
  const options = pageOptions(info, request)
  // Chunked: the adapter then sends the head at once instead of waiting to learn the length.
  return c.body(streamPage(info, options, deps), 200, { 'content-type': 'text/html; charset=utf-8', 'transfer-encoding': 'chunked' })
}

function pageOptions(info: TimelineInfo, request: GanttRequest): GanttPageLinks {
  const { context, id } = info
  const self = request.self(context, id)
  return {
    jsonHref: hrefs.timeline(context, id),
    textHref: `${self}?format=text`,
    svgHref: hrefs.chartSvg(context, id),
    homeHref: hrefs.home,
    contextHref: hrefs.page(context),
    fragmentHref: `${hrefs.chart(context, id)}?part=chart`,
    changesHref: `${hrefs.changes}?context=${encodeURIComponent(context)}`,
    scriptHref: hrefs.script,
    compareHref: request.id === latest ? analysisHrefs.comparePage(context) : analysisHrefs.compareRun(context, id),
    historyHref: analysisHrefs.historyPage(context),
    latest: request.id === latest,
  }
}

/** The head at once; the chart when the timeline is read and drawn. */
function streamPage(info: TimelineInfo, options: GanttPageLinks, { store, now, log }: GanttAnswerDeps): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(ganttPageHead(info, options)))
      await new Promise((resolve) => setImmediate(resolve)) // the head leaves before the chart is drawn
      let chart: string
      try {
        chart = ganttFragment(await readTimeline(store, info), now())
      } catch (error) {
        log?.error(`GET chart of ${info.context}/${info.id} failed: ${errorMessage(error)}`)
        chart = '<p class="empty">Could not read this timeline; the collector logged why. Reload to try again.</p>\n'
      }
      controller.enqueue(encoder.encode(chart + ganttPageEnd))
      controller.close()
    },
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
