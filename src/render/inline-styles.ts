// Every stylesheet the pages carry inline, in a <style> element (a chart's SVG must stand alone, a page is
// one request). The collector's Content-Security-Policy allows exactly these, by their hashes: no other
// inline style, and no inline script at all.

import { CRITICAL_CSS } from '../facets/timelines/web-critical.ts'
import { COMPARE_CSS } from '../facets/analysis/web-compare-page.ts'
import { HISTORY_CSS } from '../facets/analysis/web-history-page.ts'
import { PAGE_CSS } from './web-css.ts'
import { GANTT_CSS, HIDDEN_ROWS_CSS } from '../facets/timelines/web-gantt-style.ts'

export const inlineStyles: readonly string[] = [PAGE_CSS, GANTT_CSS + CRITICAL_CSS, COMPARE_CSS, HISTORY_CSS, HIDDEN_ROWS_CSS]
