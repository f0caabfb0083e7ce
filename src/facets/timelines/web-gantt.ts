// The web Gantt chart: a standalone SVG, and the HTML page around it.

export { renderGanttSvg } from './web-gantt-svg.ts'
export type { GanttSvgOptions } from './web-gantt-svg.ts'
export { renderGanttPage } from './web-gantt-page.ts'
export type { GanttPageOptions } from './web-gantt-page.ts'
