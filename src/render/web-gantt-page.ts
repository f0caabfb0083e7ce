// A complete, dependency-free HTML page around the Gantt SVG: title, summary, links to JSON and text.

import { formatTime } from '../core/format.ts'
import type { Millis, Timeline } from '../core/types.ts'
import { escapeHtml as esc } from './escape.ts'
import { statusLabel } from './status-label.ts'
import { COLORS } from './web-colors.ts'
import { ganttSvg } from './web-gantt-svg.ts'

export interface GanttPageOptions {
  now: Millis
  jsonHref: string
  textHref: string
}

const CSS = `:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#656d76;--link:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8d96a0;--link:#4493f8}}
body{margin:0;padding:1.25rem 1.5rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.25rem;margin:0 0 .25rem;overflow-wrap:anywhere}h1 .id{color:var(--muted);font-weight:normal}
.summary{margin:0 0 .5rem;color:var(--muted)}nav a{color:var(--link);margin-right:1rem}
.chart{margin-top:1rem;overflow-x:auto}.chart svg{display:block;max-width:100%;height:auto}
${Object.entries(COLORS).map(([tone, color]) => `.status-${tone}{color:${color};font-weight:600}`).join('')}`

export function renderGanttPage(timeline: Timeline, options: GanttPageOptions): string {
  const { svg, layout } = ganttSvg(timeline, { now: options.now })
  const title = `${timeline.context} / ${timeline.id}`
  const started = layout.rows.length > 0
    ? `started <time datetime="${formatTime(layout.start)}">${formatTime(layout.start)}</time>`
    : 'no events yet'
  const errors = layout.errors === 1 ? '1 error' : `${layout.errors} errors`
  const summary = [
    started,
    esc(layout.durationText),
    `<span class="status-${layout.tone}">${esc(statusLabel(layout.status, layout.tone))}</span>`,
    `${layout.events} ${layout.events === 1 ? 'event' : 'events'}`,
    errors,
  ].join(' · ')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · upto</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(timeline.context)} <span class="id">/ ${esc(timeline.id)}</span></h1>
<p class="summary">${summary}</p>
<nav><a href="${esc(options.jsonHref)}">JSON</a><a href="${esc(options.textHref)}">plain text</a></nav>
</header>
<main class="chart">
${svg}
</main>
</body>
</html>
`
}
