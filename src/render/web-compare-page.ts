// The compare page: two runs drawn on one time scale, each from its own start — for every step a gray bar in
// the earlier run and a bar in the later one coloured by its change (red slower, green faster) — with the
// durations, the change and what it added on the critical path, then the verdict.

import { signed, type Comparison, type StepChange } from '../core/compare.ts'
import { formatDuration } from '../core/format.ts'
import { makeTicks } from '../core/ticks.ts'
import type { Millis } from '../core/types.ts'
import { escapeHtml as esc } from './escape.ts'
import { pageEnd, pageStart } from './web-shell.ts'

export interface ComparePageOptions {
  /** Links to each run's Gantt page, when it is one run. */
  ganttHref(id: string): string
  jsonHref: string
}

const ROW = 30
const TOP = 28
const LABEL = 260
const BARS = 560
const TEXT = 300
const SLOWER = '#cf222e'
const FASTER = '#1a7f37'
const SAME = '#8c959f'

/** Inline in the page: its hash is in the Content-Security-Policy (inline-styles.ts). */
export const COMPARE_CSS = `.cmp text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:currentColor}
.cmp .muted{fill-opacity:.65}.cmp .slower{fill:${SLOWER}}.cmp .faster{fill:${FASTER}}
.verdict{font-weight:600;margin:.75rem 0}.key{color:var(--muted,#656d76);font-size:12px}
.key .slower{color:${SLOWER}}.key .faster{color:${FASTER}}`

export function renderComparePage(c: Comparison, options: ComparePageOptions): string {
  const title = `${c.b.label} vs ${c.a.label}`
  const link = (label: string, ids: string[]) =>
    ids.length === 1 ? `<a href="${esc(options.ganttHref(ids[0]!))}">${esc(label)}</a>` : esc(label)
  return `${pageStart({ title: `compare ${title}` })}<style>${COMPARE_CSS}</style>
<header>
<h1>${link(c.b.label, c.b.ids)} <span class="id">vs ${link(c.a.label, c.a.ids)}</span></h1>
<p class="verdict">${esc(c.verdict)}</p>
<p class="key">gray: ${esc(c.a.label)} · coloured: ${esc(c.b.label)}, <span class="slower">slower</span> or <span class="faster">faster</span> · both from their own start, on one scale · <a href="${esc(options.jsonHref)}">JSON</a></p>
</header>
<main class="scroll">
${compareSvg(c)}
</main>
${pageEnd}`
}

export function compareSvg(c: Comparison): string {
  const steps = c.steps.filter((s) => s.a?.duration !== undefined || s.b?.duration !== undefined)
  const span = Math.max(1, c.a.total ?? 0, c.b.total ?? 0, ...steps.map((s) => Math.max(end(s, 'a'), end(s, 'b'))))
  const scale = BARS / span
  const width = LABEL + BARS + TEXT
  const height = TOP + (steps.length + 2) * ROW
  const { ticks } = makeTicks(span, BARS, 80)
  let svg = `<svg class="cmp" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(`${c.b.label} vs ${c.a.label}`)}">`
  for (const tick of ticks) {
    const x = r(LABEL + tick.pos)
    svg += `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${height}" stroke="currentColor" stroke-opacity="0.12"/><text class="muted" x="${x}" y="${TOP - 10}" text-anchor="middle">${esc(tick.label)}</text>`
  }
  svg += `<text class="muted" x="${LABEL + BARS + 8}" y="${TOP - 10}">${esc(c.a.label)} → ${esc(c.b.label)}   change   on path</text>`
  steps.forEach((s, i) => (svg += stepRow(s, TOP + i * ROW, scale)))
  const waiting = TOP + steps.length * ROW
  svg += totalsRow('(waiting)', c.a.waiting, c.b.waiting, c.waitingAdded, c.waitingAdded, waiting)
  svg += totalsRow('total', c.a.total, c.b.total, c.delta, undefined, waiting + ROW)
  return `${svg}</svg>`
}

function stepRow(s: StepChange, y: number, scale: number): string {
  const label = `${'  '.repeat(s.depth)}${s.name.slice(s.name.lastIndexOf('.') + 1)}${s.appeared ? ' (new)' : s.disappeared ? ' (gone)' : ''}`
  const tone = s.added > 0 || (s.added === 0 && (s.delta ?? 0) > 0) ? SLOWER : s.added < 0 || (s.delta ?? 0) < 0 ? FASTER : SAME
  let svg = `<g data-name="${esc(s.name)}"><title>${esc(s.name)}</title><text x="8" y="${y + 18}" xml:space="preserve">${esc(label)}</text>`
  svg += bar(s, 'a', y + 6, scale, SAME) + bar(s, 'b', y + 16, scale, tone)
  svg += `<text x="${LABEL + BARS + 8}" y="${y + 18}">${esc(`${duration(s.a?.duration, s.a)} → ${duration(s.b?.duration, s.b)}`)}</text>`
  svg += `<text x="${LABEL + BARS + 180}" y="${y + 18}" text-anchor="end" class="${cls(s.delta)}">${esc(s.delta === undefined ? '' : signed(s.delta))}</text>`
  svg += `<text x="${LABEL + BARS + TEXT - 8}" y="${y + 18}" text-anchor="end" class="${cls(s.added)}">${esc(Math.abs(s.added) < 0.5 ? '' : signed(s.added))}</text>`
  return `${svg}</g>`
}

function bar(s: StepChange, side: 'a' | 'b', y: number, scale: number, color: string): string {
  const step = s[side]
  if (step?.duration === undefined || step.offset === undefined) return ''
  const x = r(LABEL + step.offset * scale)
  const w = r(Math.max(1, step.duration * scale))
  return `<rect x="${x}" y="${y}" width="${w}" height="8" rx="2" fill="${color}" data-run="${side}"/>`
}

function totalsRow(label: string, a: Millis | undefined, b: Millis | undefined, delta: Millis | undefined, added: Millis | undefined, y: number): string {
  return `<g class="totals"><text x="8" y="${y + 18}" font-weight="600">${esc(label)}</text>` +
    `<text x="${LABEL + BARS + 8}" y="${y + 18}">${esc(`${a === undefined ? '-' : formatDuration(a)} → ${b === undefined ? '-' : formatDuration(b)}`)}</text>` +
    `<text x="${LABEL + BARS + 180}" y="${y + 18}" text-anchor="end" class="${cls(delta)}">${esc(delta === undefined ? '' : signed(delta))}</text>` +
    `<text x="${LABEL + BARS + TEXT - 8}" y="${y + 18}" text-anchor="end" class="${cls(added)}">${esc(added === undefined || Math.abs(added) < 0.5 ? '' : signed(added))}</text></g>`
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
