// `/`: every context with its newest run's status, start and duration, and a sparkline of recent runs.

import type { Millis, TimelineSummary } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { durationText, startedCell, statusCell } from './web-cells.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'
import { renderSparkline } from './web-sparkline.ts'

export interface ContextRow {
  name: string
  timelines: number
  /** Newest first; the first is the newest run. */
  recent: TimelineSummary[]
}

export interface ListPageOptions {
  now: Millis
  scriptHref?: string
  /** Server-sent events, and the fragment the script re-fetches when they say something changed. */
  changesHref?: string
  fragmentHref?: string
  contextHref: (context: string) => string
  timelineHref: (context: string, id: string) => string
}

/** The home page's paging and search, when it shows one page of many contexts. */
export interface ContextsPageOptions extends ListPageOptions {
  homeHref?: string
  /** The name prefix searched for. */
  prefix?: string
  /** The page of the names after this one's last. */
  nextHref?: string
  /** The first page, when this is not it. */
  firstHref?: string
}

export function renderContextsPage(rows: readonly ContextRow[], o: ContextsPageOptions): string {
  const search = o.homeHref === undefined
    ? ''
    : `<form class="search" method="get" action="${esc(o.homeHref)}"><input type="search" name="prefix" value="${esc(o.prefix ?? '')}" ` +
      'placeholder="context name starts with…" aria-label="contexts whose name starts with"></form>\n'
  return (
    pageStart({ title: 'contexts', ...(o.scriptHref === undefined ? {} : { scriptHref: o.scriptHref }) }) +
    `<header><h1>upto <span class="id">· what is it up to?</span></h1>\n${search}</header>\n` +
    `<main id="live"${liveData(o)}>\n${contextsFragment(rows, o)}</main>\n${pageEnd}`
  )
}

export function liveData(o: ListPageOptions): string {
  return (
    (o.changesHref === undefined ? '' : ` data-changes="${esc(o.changesHref)}"`) +
    (o.fragmentHref === undefined ? '' : ` data-fragment="${esc(o.fragmentHref)}"`)
  )
}

/** The table (or the hint for an empty collector): what the script swaps in on a change. */
export function contextsFragment(rows: readonly ContextRow[], o: ContextsPageOptions): string {
  if (rows.length === 0 && o.prefix !== undefined) return `<p class="empty">No context starts with ${esc(o.prefix)}.</p>\n`
  if (rows.length === 0) {
    return (
      '<p class="empty">No contexts yet. Send a step with <code>upto start deploy build</code> ... ' +
      '<code>upto end deploy build</code>, or run <code>upto demo</code> for realistic examples.</p>\n'
    )
  }
  let html =
    '<table><thead><tr><th>context</th><th class="num opt">runs</th><th>newest run</th><th>status</th>' +
    '<th class="opt">started</th><th class="num">duration</th><th>recent durations</th></tr></thead><tbody>\n'
  for (const row of rows) {
    const newest = row.recent[0]
    html += `<tr><td class="name"><a href="${esc(o.contextHref(row.name))}">${esc(row.name)}</a></td><td class="num opt">${row.timelines}</td>`
    html += newest
      ? `<td class="name"><a href="${esc(o.timelineHref(row.name, newest.id))}">${esc(newest.id)}</a></td>` +
        statusCell(newest, o.now) + startedCell(newest, o.now, 'opt') + `<td class="num">${esc(durationText(newest))}</td>`
      : '<td>-</td><td>-</td><td class="opt">-</td><td class="num">-</td>'
    html += `<td>${renderSparkline(row.recent)}</td></tr>\n`
  }
  html += '</tbody></table>\n'
  const pager = [
    ...(o.firstHref === undefined ? [] : [`<a href="${esc(o.firstHref)}">← first</a>`]),
    ...(o.nextHref === undefined ? [] : [`<a href="${esc(o.nextHref)}">next →</a>`]),
  ]
  return pager.length === 0 ? html : `${html}<nav class="pager">${pager.join('')}</nav>\n`
}
