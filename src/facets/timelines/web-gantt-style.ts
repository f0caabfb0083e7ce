// The chart's own stylesheet, inside the SVG: colours by status class, light and dark. Scoped to
// .upto-gantt because a <style> in inline SVG applies to the whole page.

import { COLORS } from '../../render/web-colors.ts'

const S = '.upto-gantt'

export const GANTT_CSS =
  `${S}:root{color:#1f2328;background:#fff}` +
  `@media (prefers-color-scheme:dark){${S}:root{color:#e6edf3;background:#0d1117}}` +
  `${S} .host,${S} .tick,${S} .gap-label{fill-opacity:.65}` +
  `${S} .implied .label{fill-opacity:.8}${S} .tw{fill-opacity:.6}` +
  `${S} .dur{text-anchor:end}` +
  `${S} .grid{stroke:currentColor;stroke-opacity:.14}` +
  `${S} .now{stroke:${COLORS.running};stroke-dasharray:4 3}` +
  `${S} .gap{fill:url(#upto-gap)}${S} .gap-label{font-style:italic}` +
  `${S} .bar{stroke-width:0;rx:2px}` +
  `${S} .bar.running{fill-opacity:.55;stroke-width:1;stroke-dasharray:3 2}` +
  `${S} .bar.abandoned{fill-opacity:.3;stroke-width:1;stroke-dasharray:2 2}` +
  `${S} .bar.stale{fill-opacity:.15;stroke-width:1;stroke-dasharray:1 3}` +
  `${S} .hidden{display:none}` +
  Object.entries(COLORS).map(([tone, color]) => `${S} .t-${tone}{fill:${color}}${S} .bar.t-${tone}{stroke:${color}}`).join('')

/**
 * What the page's script adds to a chart, over its own `.hidden{display:none}`: rows hidden this way keep their
 * layout. Here so that the Content-Security-Policy allows it by its hash (inline-styles.ts).
 */
export const HIDDEN_ROWS_CSS = '.upto-gantt .row.hidden{display:inline;visibility:hidden}'
