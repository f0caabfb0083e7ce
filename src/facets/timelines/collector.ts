// What timelines add to the collector: the read API, the Gantt pages and the live-update stream.

import type { CollectorFacet } from '../types.ts'
import { addReadApi } from './api-routes.ts'
import { addChangesRoute } from './changes-route.ts'
import { addGanttRoute } from './gantt-route.ts'
import { CRITICAL_CSS } from './web-critical.ts'
import { GANTT_CSS, HIDDEN_ROWS_CSS } from './web-gantt-style.ts'
import { summaryCache } from './summaries.ts'
import { addWebRoutes } from './web-routes.ts'
import { createDrawThread } from './draw/draw-thread.ts'
import { hasPackedMessages } from '../../store/types.ts'

export const timelinesCollector: CollectorFacet = {
  styles: [GANTT_CSS + CRITICAL_CSS, HIDDEN_ROWS_CSS],
  routes(app, { store, now, log, metrics, changes, maxStreams, staleMs }) {
    const stale = staleMs === undefined ? {} : { staleMs }
    // the lists' summaries of finished runs, shared by the pages and the API, forgotten when a run changes
    const summaries = summaryCache(store, changes, now)
    addReadApi(app, { store, now, summaries, ...stale })
    // big charts drawn off the collector's thread, from a store that hands over its records packed (LevelDB)
    const drawThread = hasPackedMessages(store) ? createDrawThread({ store, log }) : undefined
    const drawing = drawThread === undefined ? {} : { drawThread }
    addGanttRoute(app, { store, now, log, ...stale, ...drawing })
    addChangesRoute(app, { feed: changes, metrics, log, ...(maxStreams === undefined ? {} : { maxStreams }) })
    addWebRoutes(app, { store, now, log, summaries, ...stale, ...drawing })
  },
}
