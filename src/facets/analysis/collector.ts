// What analysis adds to the collector: the compare and history pages and their JSON, exports over HTTP.

import type { CollectorFacet } from '../types.ts'
import { addAnalysisRoutes } from './routes.ts'
import { COMPARE_CSS } from './web-compare-page.ts'
import { HISTORY_CSS } from './web-history-page.ts'

export const analysisCollector: CollectorFacet = {
  styles: [COMPARE_CSS, HISTORY_CSS],
  routes: (app, { store, now, staleMs }) => addAnalysisRoutes(app, { store, now, ...(staleMs === undefined ? {} : { staleMs }) }),
}
