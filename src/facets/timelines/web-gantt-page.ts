// The Gantt page: a header with links, a toolbar and legend, the chart fragment (summary + SVG), and
// the tooltip the script fills. In three parts so a server can send the head before the timeline is read.

import { formatAgo, formatTime } from '../../core/format.ts'
import { outcomeNote } from '../../core/summary.ts'
import type { GanttFrame } from '../../core/layout.ts'
import type { Millis, Timeline } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { statusLabel } from './status-label.ts'
import { ganttSvgParts } from './web-gantt-svg.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'

export interface GanttPageOptions extends GanttPageLinks {
  now: Millis
}

/** What the page links to; everything but the JSON and text links is optional. */
export interface GanttPageLinks {
  jsonHref: string
  textHref: string
  svgHref?: string
  /** Breadcrumbs: the list of contexts and this context's timelines. */
  homeHref?: string
  contextHref?: string
  /** Where the script fetches a fresh chart fragment, and the server-sent events that say when. */
  fragmentHref?: string
  changesHref?: string
  scriptHref?: string
  /** This run against the run before it, and the context's history. */
  compareHref?: string
  historyHref?: string
  /** Opened as `latest`: the page moves on to the context's next run when it starts. */
  latest?: boolean
}

export function renderGanttPage(timeline: Timeline, options: GanttPageOptions): string {
  return ganttPageHead(timeline, options) + ganttFragment(timeline, options.now) + ganttPageEnd
}

/** Everything before the chart: needs only the timeline's context and id. */
export function ganttPageHead(t: { context: string; id: string }, o: GanttPageLinks): string {
  const crumbs =
    o.homeHref === undefined
      ? ''
      : `<nav class="crumbs"><a href="${esc(o.homeHref)}">upto</a> / ` +
        (o.contextHref === undefined ? esc(t.context) : `<a href="${esc(o.contextHref)}">${esc(t.context)}</a>`) +
        ` / ${esc(t.id)}${o.latest ? ' <span class="muted">(newest, follows the next run)</span>' : ''}</nav>\n`
  const links = [
    `<a href="${esc(o.jsonHref)}">JSON</a>`,
    `<a href="${esc(o.textHref)}">plain text</a>`,
    ...(o.svgHref === undefined ? [] : [`<a href="${esc(o.svgHref)}">SVG</a>`]),
    ...(o.compareHref === undefined ? [] : [`<a href="${esc(o.compareHref)}">compare with the run before</a>`]),
    ...(o.historyHref === undefined ? [] : [`<a href="${esc(o.historyHref)}">history</a>`]),
  ].join('')
  const live =
    (o.fragmentHref === undefined ? '' : ` data-fragment="${esc(o.fragmentHref)}"`) +
    (o.changesHref === undefined ? '' : ` data-changes="${esc(o.changesHref)}"`) +
    ` data-context="${esc(t.context)}" data-timeline="${esc(t.id)}"${o.latest ? ' data-latest=""' : ''}`
  return `${pageStart({ title: `${t.context} / ${t.id}`, ...(o.scriptHref === undefined ? {} : { scriptHref: o.scriptHref }) })}<header>
${crumbs}<h1>${esc(t.context)} <span class="id">/ ${esc(t.id)}</span></h1>
<nav class="links">${links}</nav>
</header>
${FILTER}<section id="chart"${live}>
`
}

/** The filter of the rows (the script's: gantt-filter.ts); outside the chart, which live updates replace. */
const FILTER =
  '<form class="filter" role="search" data-needs-script><input type="search" id="filter" autocomplete="off" ' +
  'placeholder="filter: name, host or status" aria-label="show the rows whose name, host or status holds"> ' +
  '<label><input type="checkbox" id="failures"> failures only</label><output id="filter-count" aria-live="polite"></output></form>\n'

const LEGEND =
  '<ul class="legend" aria-label="legend">' +
  [['ok', 'ok'], ['error', 'error'], ['running', 'running'], ['orphan', 'orphan end'], ['abandoned', 'abandoned attempt'], ['stale', 'no end within the stale limit'], ['implied', 'implied by its steps']]
    .map(([tone, text]) => `<li class="c-${tone}">${text}</li>`)
    .join('') +
  '<li class="critical">critical path (bold, outlined)</li><li class="gap">nothing ran</li></ul>'

/** Zoom and pan buttons (shown once the script runs), the legend, the keys. */
const TOOLBAR = `<div class="toolbar">
<div class="group" data-needs-script><button type="button" data-zoom="out" aria-label="zoom out">−</button><button type="button" data-zoom="in" aria-label="zoom in">+</button><button type="button" data-zoom="fit">fit</button><button type="button" data-pan="-1" aria-label="pan left">◀</button><button type="button" data-pan="1" aria-label="pan right">▶</button></div>
${LEGEND}
<span class="keys" data-needs-script><kbd>↑</kbd><kbd>↓</kbd> step · <kbd>←</kbd><kbd>→</kbd> fold · <kbd>Enter</kbd> or click: details · <kbd>n</kbd><kbd>p</kbd> next, previous failure · <kbd>/</kbd> filter · <kbd>Esc</kbd> close · <kbd>+</kbd><kbd>−</kbd> zoom · <kbd>⇧←</kbd><kbd>⇧→</kbd> pan · <kbd>0</kbd> fit · Ctrl+wheel zooms, drag pans</span>
</div>
`

/** The summary line and the chart: what the script swaps in when the timeline changes. */
export function ganttFragment(timeline: Timeline, now: Millis, width?: number): string {
  let html = ''
  for (const part of ganttFragmentParts(timeline, now, width)) html += part
  return html
}

/**
 * ganttFragment in parts, for a server to send as they are drawn; an empty part is a point where it may pause.
 * `bigRows`: past this many rows, the chart's rows go as data for the page's script (web-gantt-data.ts).
 */
export function* ganttFragmentParts(timeline: Timeline, now: Millis, width?: number, bigRows?: number): Generator<string, void, undefined> {
  const options = { now, titles: false, ...(width === undefined ? {} : { width }), ...(bigRows === undefined ? {} : { bigRows }) }
  yield* ganttSvgParts(timeline, options, (layout) => `${summaryLine(layout, now)}\n${TOOLBAR}<div class="scroll">`)
  yield '</div>\n'
}

function summaryLine(layout: GanttFrame & { rows: number }, now: Millis): string {
  const started =
    layout.rows > 0
      ? `started <time datetime="${formatTime(layout.start)}" title="${formatTime(layout.start)}">${shortTime(layout.start)}</time> (${formatAgo(layout.start, now)})`
      : 'no events yet'
  const note = outcomeNote(layout, now)
  const outcome = note === '' ? 'nothing failed' : layout.errors > 0 ? `<span class="status-error">${esc(note)}</span>` : esc(note)
  const since = layout.running && layout.rows > 0 ? ` data-since="${layout.start}"` : ''
  const summary = [
    started,
    `<span class="duration"${since}>${esc(layout.durationText)}</span>`,
    `<span class="status-${layout.tone}">${esc(statusLabel(layout.status, layout.tone))}</span>`,
    `${layout.events} ${layout.events === 1 ? 'event' : 'events'}`,
    outcome,
  ].join(' · ')
  return `<p class="summary">${summary}</p>`
}

/** After the chart: the tooltip and the detail panel of a bar, which the script fills. */
export const ganttPageEnd =
  '</section>\n<div id="tip" role="tooltip" hidden></div>\n' +
  '<aside id="detail" aria-label="details of the selected bar" hidden><button type="button" class="close" aria-label="close the details">×</button>' +
  `<div class="detail-body"></div></aside>\n${pageEnd}`

/** `2024-05-01 12:00:00Z` */
export function shortTime(ms: Millis): string {
  return `${formatTime(ms).slice(0, 19).replace('T', ' ')}Z`
}
