// The history page of a context: per step over its last finished runs, how often it ran, p50 and p90 over the
// successful runs, the newest run's duration (flagged above p90), a trend of every run (red where it failed), and
// how often it failed and was retried. Full dotted names: steps only older runs had come last, out of tree order.

import { formatDuration } from '../../core/format.ts'
import type { History, StepHistory } from './model/step-history.ts'
import type { Millis } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { rate } from './history-table.ts'
import { COLORS } from '../../render/web-colors.ts'
import { dotted } from './web-compare-page.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'

export interface HistoryPageOptions {
  homeHref: string
  contextHref: string
  compareHref: string
  jsonHref: string
  runHref(id: string): string
}

const BAR = 5
const STEP = 7
const HEIGHT = 18

/** Inline in the page: its hash is in the Content-Security-Policy (inline-styles.ts). */
export const HISTORY_CSS = `.hist td.name{overflow-wrap:normal;min-width:6rem}.hist .flag{display:block;font-size:11px}.hist .above{color:${COLORS.error};font-weight:600}.hist .trend svg{display:block}
.key{color:var(--muted);font-size:12px;overflow-wrap:anywhere}.key a{margin-left:.25rem}
@media (max-width:640px){body{padding:.75rem}}`

export function renderHistoryPage(context: string, h: History, o: HistoryPageOptions): string {
  const failed = h.failed.filter(Boolean).length
  const window = h.runs.length === 0
    ? 'no finished runs yet'
    : `the last ${h.runs.length} finished ${h.runs.length === 1 ? 'run' : 'runs'}: ${h.runs.length - failed} passed, ${failed} failed` +
      (failed > 0 ? ' (p50 and p90 are over the passed runs; failed runs stopped early and are counted under failed)' : '')
  return `${pageStart({ title: `${context} history` })}<style>${HISTORY_CSS}</style>
<header>
<nav class="crumbs"><a href="${esc(o.homeHref)}">upto</a> / <a href="${esc(o.contextHref)}">${esc(context)}</a> / history</nav>
<h1>${esc(context)} <span class="id">· history</span></h1>
<p class="key">${esc(window)} · <a href="${esc(o.compareHref)}">compare the newest run</a> · <a href="${esc(o.jsonHref)}">JSON</a></p>
</header>
<main class="scroll">
${h.runs.length === 0 ? '' : historyTable(h, o)}
</main>
${pageEnd}`
}

export function historyTable(h: History, o: Pick<HistoryPageOptions, 'runHref'>): string {
  const head = ['step', 'runs', 'p50', 'p90', 'last', 'trend', 'failed', 'retried']
    .map((t) => `<th${t === 'step' || t === 'trend' ? '' : ' class="num"'}>${t}</th>`)
  let html = `<table class="hist"><thead><tr>${head.join('')}</tr></thead><tbody>\n`
  html += row('(total)', h.total, h, o)
  for (const s of h.steps) html += row(s.name, s, h, o)
  return `${html}</tbody></table>`
}

function row(label: string, s: StepHistory, h: History, o: Pick<HistoryPageOptions, 'runHref'>): string {
  const flag = s.lastFailed ? '✗ failed' : s.slow ? '▲ above p90' : ''
  const last = s.last === undefined ? '-' : `${esc(formatDuration(s.last))}${flag === '' ? '' : `<span class="flag">${flag}</span>`}`
  return `<tr data-name="${esc(s.name)}"><td class="name">${dotted(label)}</td><td class="num">${s.ran}</td>` +
    `<td class="num">${ms(s.p50)}</td><td class="num">${ms(s.p90)}</td>` +
    `<td class="num last${s.slow || s.lastFailed ? ' above' : ''}">${last}</td><td class="trend">${trend(s, h, o)}</td>` +
    `<td class="num">${esc(rate(s.failures, s.ran))}</td><td class="num">${esc(rate(s.retries, s.ran))}</td></tr>\n`
}

/** A bar per run, oldest on the left, linked to the run; red where it failed, a gap where the step did not run. */
function trend(s: StepHistory, h: History, o: Pick<HistoryPageOptions, 'runHref'>): string {
  let max = 0
  for (const v of s.values) max = Math.max(max, v ?? 0)
  const width = s.values.length * STEP
  let svg = `<svg width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="durations, oldest first">`
  s.values.forEach((v, i) => {
    if (v === undefined) return
    const height = max > 0 ? Math.max(2, Math.round((v / max) * (HEIGHT - 2))) : 2
    const failed = s.failedIn[i] === true
    const id = h.runs[i] ?? ''
    svg += `<a href="${esc(o.runHref(id))}"><rect x="${i * STEP}" y="${HEIGHT - height}" width="${BAR}" height="${height}" rx="1" fill="${failed ? COLORS.error : COLORS.ok}">` +
      `<title>${esc(`${id} · ${formatDuration(v)}${failed ? ' · failed' : ''}`)}</title></rect></a>`
  })
  return `${svg}</svg>`
}

function ms(value: Millis | undefined): string {
  return value === undefined ? '-' : esc(formatDuration(value))
}
