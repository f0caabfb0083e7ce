// The compare page: a table of steps, most added to the total first, each under its full dotted name (rows are
// in order of what they added, not a tree, so an indented leaf would read as the child of the row above). Per
// step: both runs drawn on one time scale, each from its own start — a gray bar for the earlier run, a bar for
// the later one coloured by its change (red slower, green faster) — the durations, the change and whether it is
// beyond the step's usual spread, what it added on the critical path, then waiting, the totals and the verdict.
// One header per column. On a narrow screen the bars give way and the table scrolls inside its box.

import { changeNotes, signed, type Comparison, type StepChange } from './model/compare.ts'
import { formatDuration } from '../../core/format.ts'
import { makeTicks } from '../../core/ticks.ts'
import type { Millis } from '../../core/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'

export interface ComparePageOptions {
  /** Links to each run's Gantt page, when it is one run. */
  ganttHref(id: string): string
  jsonHref: string
  /** Breadcrumbs and the context's other pages; each optional. */
  context?: string
  homeHref?: string
  contextHref?: string
  historyHref?: string
}

const BARS = 240
const SLOWER = '#cf222e'
const FASTER = '#1a7f37'
const SAME = '#8c959f'

/** Inline in the page: its hash is in the Content-Security-Policy (inline-styles.ts). */
export const COMPARE_CSS = `.cmp td.name{overflow-wrap:normal;min-width:6rem}.cmp td.bars,.cmp th.bars{padding-right:1rem}.cmp svg{display:block}.cmp svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
.cmp .slower{color:${SLOWER}}.cmp .faster{color:${FASTER}}.cmp tr.totals td{font-weight:600}.cmp .usual{color:var(--muted)}
.cmp .beyond{color:${SLOWER};font-weight:600}
.verdict{font-weight:600;margin:.75rem 0}.key{color:var(--muted);font-size:12px;overflow-wrap:anywhere}.key a{margin-left:.25rem}
.key .slower{color:${SLOWER}}.key .faster{color:${FASTER}}
@media (max-width:640px){body{padding:.75rem}.cmp .bars{display:none}}`

export function renderComparePage(c: Comparison, options: ComparePageOptions): string {
  const title = `${c.b.label} vs ${c.a.label}`
  const link = (label: string, ids: string[]) =>
    ids.length === 1 ? `<a href="${esc(options.ganttHref(ids[0]!))}">${esc(label)}</a>` : esc(label)
  const crumbs = options.homeHref === undefined || options.context === undefined
    ? ''
    : `<nav class="crumbs"><a href="${esc(options.homeHref)}">upto</a> / ${options.contextHref === undefined ? esc(options.context) : `<a href="${esc(options.contextHref)}">${esc(options.context)}</a>`} / compare</nav>\n`
  const leftOut = c.leftOut.length === 0
    ? ''
    : `<p class="key">failed runs left out (they stopped early): ${c.leftOut.map((id) => `<a href="${esc(options.ganttHref(id))}">${esc(id)}</a>`).join(', ')}</p>\n`
  const links = [
    ...(options.historyHref === undefined ? [] : [`<a href="${esc(options.historyHref)}">history</a>`]),
    `<a href="${esc(options.jsonHref)}">JSON</a>`,
  ].join(' · ')
  return `${pageStart({ title: `compare ${title}` })}<style>${COMPARE_CSS}</style>
<header>
${crumbs}<h1>${link(c.b.label, c.b.ids)} <span class="id">vs ${link(c.a.label, c.a.ids)}</span></h1>
<p class="verdict">${esc(c.verdict)}</p>
<p class="key">gray: ${esc(c.a.label)} · coloured: ${esc(c.b.label)}, <span class="slower">slower</span> or <span class="faster">faster</span> · both from their own start, on one scale · usual: where ${esc(c.b.label)} falls among the successful runs before it · ${links}</p>
${leftOut}</header>
<main class="scroll">
${compareTable(c)}
</main>
${pageEnd}`
}

export function compareTable(c: Comparison): string {
  const span = Math.max(1, c.a.total ?? 0, c.b.total ?? 0, ...c.steps.map((s) => Math.max(end(s, 'a'), end(s, 'b'))))
  const scale = BARS / span
  const head = ['<th>step</th>', `<th class="bars">${axis(span)}</th>`, `<th class="num">${esc(c.a.label)}</th>`,
    `<th class="num">${esc(c.b.label)}</th>`, '<th class="num">change</th>', '<th>usual</th>', '<th class="num">on path</th>', '<th>notes</th>']
  let html = `<table class="cmp"><thead><tr>${head.join('')}</tr></thead><tbody>\n`
  for (const s of c.steps) html += stepRow(s, scale)
  html += totalsRow('(waiting)', c.a.waiting, c.b.waiting, c.waitingAdded, c.waitingAdded, {})
  html += totalsRow('total', c.a.total, c.b.total, c.delta, undefined, c)
  return `${html}</tbody></table>`
}

function stepRow(s: StepChange, scale: number): string {
  const tone = s.added > 0 || (s.added === 0 && (s.delta ?? 0) > 0) ? SLOWER : s.added < 0 || (s.delta ?? 0) < 0 ? FASTER : SAME
  const bars = `<svg width="${BARS}" height="20" aria-hidden="true">${bar(s, 'a', 2, scale, SAME)}${bar(s, 'b', 11, scale, tone)}</svg>`
  return `<tr data-name="${esc(s.name)}"><td class="name">${dotted(s.name)}</td><td class="bars">${bars}</td>` +
    `<td class="num">${esc(duration(s.a?.duration, s.a))}</td><td class="num">${esc(duration(s.b?.duration, s.b))}</td>` +
    `<td class="num ${cls(s.delta)}">${esc(s.delta === undefined ? '-' : signed(s.delta))}</td>${usualCell(s)}` +
    `<td class="num ${cls(s.added)}">${esc(Math.abs(s.added) < 0.5 ? '0' : signed(s.added))}</td><td class="muted">${esc(changeNotes(s).join(', '))}</td></tr>\n`
}

function totalsRow(label: string, a: Millis | undefined, b: Millis | undefined, delta: Millis | undefined, added: Millis | undefined, place: Place): string {
  return `<tr class="totals"><td class="name">${esc(label)}</td><td class="bars"></td>` +
    `<td class="num">${esc(a === undefined ? '-' : formatDuration(a))}</td><td class="num">${esc(b === undefined ? '-' : formatDuration(b))}</td>` +
    `<td class="num ${cls(delta)}">${esc(delta === undefined ? '-' : signed(delta))}</td>${usualCell(place)}` +
    `<td class="num ${cls(added)}">${esc(added === undefined ? '' : Math.abs(added) < 0.5 ? '0' : signed(added))}</td><td></td></tr>\n`
}

/** A dotted name that breaks after its dots (and hyphens) on a narrow screen, never inside a word. */
export function dotted(name: string): string {
  return esc(name).replaceAll('.', '.<wbr>')
}

/** A step's or the total's place in its usual spread. */
type Place = { usual?: string; beyond?: boolean }

function usualCell(place: Place): string {
  if (place.usual === undefined) return '<td></td>'
  return `<td class="${place.beyond ? 'beyond' : 'usual'}">${esc(place.usual)}</td>`
}

/** The time scale of the bars column. */
function axis(span: Millis): string {
  const { ticks } = makeTicks(span, BARS, 60)
  const labels = ticks.map((t) => `<text x="${r(t.pos)}" y="12" text-anchor="${t.pos < 10 ? 'start' : t.pos > BARS - 20 ? 'end' : 'middle'}">${esc(t.label)}</text>`)
  return `<svg width="${BARS}" height="16" role="img" aria-label="time from each run's start">${labels.join('')}</svg>`
}

function bar(s: StepChange, side: 'a' | 'b', y: number, scale: number, color: string): string {
  const step = s[side]
  if (step?.duration === undefined || step.offset === undefined) return ''
  const x = r(step.offset * scale)
  const w = r(Math.max(1, step.duration * scale))
  return `<rect x="${x}" y="${y}" width="${w}" height="7" rx="2" fill="${color}" data-run="${side}"/>`
}

function end(s: StepChange, side: 'a' | 'b'): number {
  const step = s[side]
  return (step?.offset ?? 0) + (step?.duration ?? 0)
}

function duration(ms: Millis | undefined, present: unknown): string {
  return present === undefined ? '-' : ms === undefined ? 'running' : formatDuration(ms)
}

function cls(ms: Millis | undefined): string {
  return ms === undefined || Math.abs(ms) < 0.5 ? '' : ms > 0 ? 'slower' : 'faster'
}

function r(x: number): number {
  return Math.round(x * 100) / 100
}
