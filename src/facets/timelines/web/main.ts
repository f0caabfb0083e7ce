// The pages' script: interaction and live updates on top of server-rendered HTML and SVG, which read
// fine without it. Bundled by scripts/web-bundle.mjs into one file served at /assets/upto.js.

import { doc } from './dom.ts'
import { startGanttPage } from './gantt-page.ts'
import { startListPage } from './list-page.ts'

function start(): void {
  const d = doc()
  d.documentElement.classList.add('js') // shows the controls that need this script
  const chart = d.getElementById('chart')
  if (chart) startGanttPage(chart)
  const list = d.getElementById('live')
  if (list) startListPage(list)
}

start()
