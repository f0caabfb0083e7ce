// The collector's HTTP app, built from its dependencies: tested with app.request(), served by
// collector.ts. Unknown routes answer 404 JSON; errors answer 500 JSON and are logged.

import { Hono } from 'hono'
import type { Ingest } from '../pipeline/ingest.ts'
import type { Metrics } from '../pipeline/metrics.ts'
import { reasonOf } from '../pipeline/store-health.ts'
import type { Store } from '../store/types.ts'
import { addAnalysisRoutes } from '../facets/analysis/routes.ts'
import { addReadApi } from '../facets/timelines/api-routes.ts'
import { type AccessTokens, requireTokens } from '../http/auth.ts'
import { type ChangeFeed, createChangeFeed } from './change-feed.ts'
import { createBodyBudget } from '../http/body-budget.ts'
import { addChangesRoute } from './changes-route.ts'
import { addEventsRoute } from '../sources/http/events-route.ts'
import { addGanttRoute } from '../facets/timelines/gantt-route.ts'
import { hrefs } from '../render/hrefs.ts'
import { type Logger, createLogger, errorMessage } from '../pipeline/log.ts'
import { HttpFailure, fail } from '../http/responses.ts'
import { type RequestOriginRules, checkRequestOrigin } from '../http/request-origin.ts'
import { securityHeaders } from '../http/security-headers.ts'
import { addWebRoutes } from '../facets/timelines/web-routes.ts'

export interface AppOptions {
  store: Store
  ingest: Ingest
  metrics: Metrics
  now?: () => number
  log?: Logger
  /** Largest POST body; limits.bodyBytes by default. */
  bodyBytes?: number
  /** What the ingest stored, for the pages' live updates (GET /api/changes); silent by default. */
  changes?: ChangeFeed
  /** Tokens HTTP writes and reads need (auth.ts); none: open. */
  access?: AccessTokens
  /** Most live-update streams open at once (--max-streams); default 1,000. */
  maxStreams?: number
  /** The bodies all requests may hold at once (--max-body-bytes-in-flight); 64 MiB by default. */
  bodyBytesInFlight?: number
  /** Which Host names and page origins are the collector's (request-origin.ts): --public-url, --allow-origin. */
  origins?: RequestOriginRules
}

export function createApp(options: AppOptions): Hono {
  const { store, ingest, metrics } = options
  const now = options.now ?? Date.now
  const log = options.log ?? createLogger()
  const app = new Hono()
  app.use('*', securityHeaders())
  app.use('*', checkRequestOrigin(options.origins))
  // before every route: a request without the token it needs never reaches one (nor has its body read)
  if (options.access) app.use('*', requireTokens(options.access, log, now))

  const { bodyBytes } = options
  const openWrites = options.access?.write === undefined
  const budget = createBodyBudget(options.bodyBytesInFlight)
  addEventsRoute(app, { ingest, metrics, log, now, openWrites, budget, ...(bodyBytes === undefined ? {} : { bodyBytes }) })
  addReadApi(app, { store, now })
  addAnalysisRoutes(app, { store, now })
  addGanttRoute(app, { store, now, log })
  addChangesRoute(app, {
    feed: options.changes ?? createChangeFeed(), metrics, log,
    ...(options.maxStreams === undefined ? {} : { maxStreams: options.maxStreams }),
  })
  addWebRoutes(app, { store, now, log })
  app.get(hrefs.metrics, (c) =>
    c.body(metrics.renderPrometheus(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }))

  app.notFound((c) => fail(c, 404, 'not_found', `no route for ${c.req.method} "${c.req.path}"`))
  app.onError((error, c) => {
    if (error instanceof HttpFailure) return fail(c, error.status, error.code, error.message)
    const detail = error instanceof Error && error.stack ? error.stack : errorMessage(error)
    // a store down fails every read alike: a line per cause every 10 s, with how many were not shown
    log.limited('error', `http failed ${reasonOf(error)}`, `${c.req.method} ${c.req.path} failed: ${detail}`)
    return fail(c, 500, 'internal', `internal error: ${errorMessage(error)}`)
  })
  return app
}
