// One timeline's chart in the format asked for: the HTML page (its head sent before the timeline is
// read, so the browser starts on styles and script at once), the chart fragment the page's script
// re-fetches (?part=chart), the terminal chart as plain text, or the SVG alone. The HTML and SVG are streamed
// as they are drawn (stream-parts.ts): a big timeline's on the drawing thread (draw/draw-thread.ts), a small
// one's here in turns (read-in-turns.ts). A chart of 200,000 rows never holds the collector's thread for long,
// nor lies whole in memory as text.
// Shared by GET /gantt/:context/:timeline and GET /c/:context/:timeline.

import type { Context } from 'hono'
import type { Stored, TimelineInfo } from '../../core/types.ts'
import { renderTerminalGantt } from './terminal-gantt.ts'
import { type GanttPageLinks, ganttPageEnd, ganttPageHead } from './web-gantt-page.ts'
import { type Store, hasPackedMessages } from '../../store/types.ts'
import { unpackRecords } from '../../store/level-record.ts'
import { chartParts } from './draw/chart-parts.ts'
import type { DrawThread } from './draw/draw-thread.ts'
import type { ChartKind } from './draw/protocol.ts'
import { latest, readTimeline } from '../../store/views.ts'
import { prefersText } from '../../http/accept.ts'
import { analysisHrefs } from '../../render/hrefs.ts'
import { hrefs } from '../../render/hrefs.ts'
import { findTimelineOr404 } from '../../http/load-timeline.ts'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { timelineInTurns } from '../../http/read-in-turns.ts'
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
  /** Where big charts are drawn; absent: here, whatever their size. */
  drawThread?: DrawThread
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
    const parts = asParts(await chartOf(deps, info, 'svg', now(), turns))
    return c.body(streamParts(parts, turns, failed(deps, info)), 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'transfer-encoding': 'chunked' })
  }
  if (part === 'chart') {
    const parts = asParts(await chartOf(deps, info, 'fragment', now(), turns))
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'transfer-encoding': 'chunked' }
    return c.body(streamParts(parts, turns, failed(deps, info)), 200, headers)
  }
  const options = pageOptions(info, request)
  // Chunked: the adapter then sends the head at once instead of waiting to learn the length.
  return c.body(streamPage(info, options, deps, turns), 200, { 'content-type': 'text/html; charset=utf-8', 'transfer-encoding': 'chunked' })
}

/**
 * A timeline's chart, read, to be drawn as it is sent: a big one on the drawing thread (draw-thread.ts), from
 * the store's packed records; else here, in turns. A read that fails rejects, before anything is sent.
 */
async function chartOf(deps: GanttAnswerDeps, info: TimelineInfo, kind: ChartKind, at: number, turns: Turns): Promise<Iterable<string> | AsyncIterable<Uint8Array>> {
  const { store, drawThread } = deps
  const clock = { now: at, ...(deps.staleMs === undefined ? {} : { staleMs: deps.staleMs }) }
  let messages: Stored[]
  if (drawThread !== undefined && hasPackedMessages(store)) {
    const records = await store.packedMessages(info.context, info.id)
    const drawn = drawThread.takes(bytesOf(records)) ? await drawThread.draw({ kind, info, ...clock }, records) : undefined
    if (drawn !== undefined) return drawn
    messages = await unpackRecords(records, info.context, info.id)
  } else messages = await store.messages(info.context, info.id)
  return chartParts(kind, await timelineInTurns(store, info, messages, turns, clock), at)
}

async function* asParts(chart: Iterable<string> | AsyncIterable<Uint8Array>): AsyncGenerator<string | Uint8Array> {
  yield* chart
}

function bytesOf(records: readonly Uint8Array[]): number {
  let n = 0
  for (const r of records) n += r.byteLength
  return n
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

/** The head at once; the chart as the timeline is read and drawn. */
function streamPage(info: TimelineInfo, options: GanttPageLinks, deps: GanttAnswerDeps, turns: Turns): ReadableStream<Uint8Array> {
  const parts = (async function* () {
    yield ganttPageHead(info, options)
    yield* await chartOf(deps, info, 'fragment', deps.now(), turns)
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
