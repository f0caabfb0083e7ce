// One timeline's chart in the format asked for: the HTML page (its head sent before the timeline is
// read, so the browser starts on styles and script at once), the chart fragment the page's script
// re-fetches (?part=chart), the terminal chart as plain text, or the SVG alone. The timeline is read and
// the HTML and SVG drawn in turns, streamed as they are drawn (read-in-turns.ts, stream-parts.ts): a chart of
// 200,000 rows never holds the thread for long, nor lies whole in memory as text.
// Shared by GET /gantt/:context/:timeline and GET /c/:context/:timeline.

import type { Context } from 'hono'
import type { TimelineInfo } from '../../core/types.ts'
import { renderTerminalGantt } from './terminal-gantt.ts'
import { type GanttPageLinks, ganttFragmentParts, ganttPageEnd, ganttPageHead } from './web-gantt-page.ts'
import { ganttSvgParts, pageBigRows } from './web-gantt-svg.ts'
import type { Store } from '../../store/types.ts'
import { latest, readTimeline } from '../../store/views.ts'
import { prefersText } from '../../http/accept.ts'
import { analysisHrefs } from '../../render/hrefs.ts'
import { hrefs } from '../../render/hrefs.ts'
import { findTimelineOr404 } from '../../http/load-timeline.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { readTimelineInTurns } from '../../http/read-in-turns.ts'
import { badRequest } from '../../http/responses.ts'
import { closest } from '../../core/closest.ts'
import { streamParts } from '../../http/stream-parts.ts'
import { type Turns, makeTurns } from '../../http/turns.ts'

export interface GanttAnswerDeps {
  store: Store
  now: () => number
  log?: Logger
  /** --stale: after how long a step with no end is stale (core/stale.ts). */
  staleMs?: number
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
  const clock = () => ({ now: now(), ...(deps.staleMs === undefined ? {} : { staleMs: deps.staleMs }) })
  const format = request.format ?? chosenFormat(c.req.query('format'), c.req.header('accept'))
  const width = textWidth(c.req.query('width'))
  const part = c.req.query('part')
  if (part !== undefined && part !== 'chart') throw badRequest(`invalid part "${part}": expected chart`, { param: 'part' })
  const info = await findTimelineOr404(store, request.context, request.id)
  if (format === 'text') {
    const lines = renderTerminalGantt(await readTimeline(store, info, clock()), { width, now: now(), color: false, critical: true })
    return c.body(lines.join('\n') + '\n', 200, { 'content-type': 'text/plain; charset=utf-8' })
  }
  const turns = makeTurns()
  if (format === 'svg') {
    const timeline = await readTimelineInTurns(store, info, turns, clock())
    const parts = (async function* () {
      yield* ganttSvgParts(timeline, { now: now() })
    })()
    return c.body(streamParts(parts, turns, failed(deps, info)), 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'transfer-encoding': 'chunked' })
  }
  if (part === 'chart') {
    const timeline = await readTimelineInTurns(store, info, turns, clock())
    const parts = (async function* () {
      yield* ganttFragmentParts(timeline, now(), undefined, pageBigRows)
    })()
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'transfer-encoding': 'chunked' }
    return c.body(streamParts(parts, turns, failed(deps, info)), 200, headers)
  }
  const options = pageOptions(info, request)
  // Chunked: the adapter then sends the head at once instead of waiting to learn the length.
  return c.body(streamPage(info, options, deps, turns), 200, { 'content-type': 'text/html; charset=utf-8', 'transfer-encoding': 'chunked' })
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

/** The head at once; the chart as the timeline is read and drawn, in turns. */
function streamPage(info: TimelineInfo, options: GanttPageLinks, deps: GanttAnswerDeps, turns: Turns): ReadableStream<Uint8Array> {
  const { store, now } = deps
  const parts = (async function* () {
    yield ganttPageHead(info, options)
    const at = now()
    const timeline = await readTimelineInTurns(store, info, turns, { now: at, ...(deps.staleMs === undefined ? {} : { staleMs: deps.staleMs }) })
    yield* ganttFragmentParts(timeline, at, undefined, pageBigRows)
    yield ganttPageEnd
  })()
  return streamParts(parts, turns, (error) => failed(deps, info)(error) + ganttPageEnd)
}

/** What a chart that failed half-way ends with; the collector logs why. */
function failed({ log }: GanttAnswerDeps, info: TimelineInfo): (error: unknown) => string {
  return (error) => {
    log?.error(`GET chart of ${info.context}/${info.id} failed: ${errorMessage(error)}`)
    return '<p class="empty">Could not read this timeline; the collector logged why. Reload to try again.</p>\n'
  }
}

function chosenFormat(raw: string | undefined, accept: string | undefined): Format {
  if (raw === undefined) return prefersText(accept) ? 'text' : 'html'
  if ((formats as readonly string[]).includes(raw)) return raw as Format
  throw badRequest(`invalid format "${raw}": expected ${formats.join(', ')}`, { param: 'format', wanted: raw, closest: closest(raw, formats) })
}

function textWidth(raw: string | undefined): number {
  if (raw === undefined) return defaultTextWidth
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n)) {
    const { min, max } = textWidthRange
    throw badRequest(`invalid width "${raw}": expected a number of columns from ${min} to ${max}`, { param: 'width' })
  }
  return Math.min(textWidthRange.max, Math.max(textWidthRange.min, Math.round(n)))
}
