// `/c/:context`: the context's runs, newest first: id, start, duration, status with what failed and was
// retried, events; paged.

import type { TimelineSummary } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { colorOf, durationOf, durationText, startedCell, statusCell } from './web-cells.ts'
import { type ListPageOptions, liveData } from './web-contexts-page.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'

export interface TimelinesPageOptions extends ListPageOptions {
  homeHref: string
  /** The next (older) page, and the first page when this is not it. */
  olderHref?: string
  newestHref?: string
  /** The context's compare (newest against the run before) and history pages. */
  compareHref?: string
  historyHref?: string
}

export function renderTimelinesPage(context: string, items: readonly TimelineSummary[], o: TimelinesPageOptions): string {
  return (
    pageStart({ title: context, ...(o.scriptHref === undefined ? {} : { scriptHref: o.scriptHref }) }) +
    `<header><nav class="crumbs"><a href="${esc(o.homeHref)}">upto</a> / ${esc(context)}</nav>` +
    `<h1>${esc(context)} <span class="id">· runs, newest first</span></h1>${analysisLinks(o)}</header>\n` +
    `<main id="live"${liveData(o)}>\n${timelinesFragment(context, items, o)}</main>\n${pageEnd}`
  )
}

function analysisLinks(o: TimelinesPageOptions): string {
  const links = [
    ...(o.compareHref === undefined ? [] : [`<a href="${esc(o.compareHref)}">compare newest with the run before</a>`]),
    ...(o.historyHref === undefined ? [] : [`<a href="${esc(o.historyHref)}">history</a>`]),
  ]
  return links.length === 0 ? '' : `\n<nav class="links">${links.join('')}</nav>`
}

export function timelinesFragment(context: string, items: readonly TimelineSummary[], o: TimelinesPageOptions): string {
  let max = 0
  for (const s of items) max = Math.max(max, durationOf(s) ?? 0)
  let html =
    '<table><thead><tr><th>run</th><th>started</th><th class="num">duration</th><th></th><th>status</th>' +
    '<th class="num opt">events</th></tr></thead><tbody>\n'
  for (const s of items) {
    const d = durationOf(s) ?? 0
    const w = max > 0 ? Math.max(1, Math.round((d / max) * 120)) : 1
    const fill = colorOf(s)
    html +=
      `<tr><td class="name"><a href="${esc(o.timelineHref(context, s.id))}">${esc(s.id)}</a></td>` +
      startedCell(s, o.now) +
      `<td class="num">${esc(durationText(s))}</td>` +
      `<td><svg class="dbar" width="120" height="10" viewBox="0 0 120 10" preserveAspectRatio="none" aria-hidden="true"><rect width="${w}" height="10" rx="2" fill="${fill}"/></svg></td>` +
      statusCell(s, o.now) +
      `<td class="num opt">${s.events}</td></tr>\n`
  }
  html += '</tbody></table>\n'
  const pager = [
    ...(o.newestHref === undefined ? [] : [`<a href="${esc(o.newestHref)}">← newest</a>`]),
    ...(o.olderHref === undefined ? [] : [`<a href="${esc(o.olderHref)}">older →</a>`]),
  ]
  return pager.length === 0 ? html : `${html}<nav class="pager">${pager.join('')}</nav>\n`
}
