// The collector's HTTP app, built from its dependencies: the sources that receive over HTTP, then every facet's
// routes. Tested with app.request(), served by collector.ts. Unknown routes answer 404 JSON; errors answer
// 500 JSON and are logged.

import { Hono } from 'hono'
import { facets } from '../facets/index.ts'
import type { CollectorFacet, Facet, FacetContext, LoadedFacet } from '../facets/types.ts'
import { type AccessTokens, requireTokens } from '../http/auth.ts'
import { createBodyBudget } from '../http/body-budget.ts'
import { openWritesMatcher } from '../http/open-writes.ts'
import { UptoError } from '../core/errors.ts'
import { fail, failWith } from '../http/responses.ts'
import { type RequestOriginRules, checkRequestOrigin } from '../http/request-origin.ts'
import { securityHeaders } from '../http/security-headers.ts'
import { type ChangeFeed, createChangeFeed } from '../pipeline/change-feed.ts'
import { createDelivery } from '../pipeline/deliver.ts'
import type { Ingest } from '../pipeline/ingest.ts'
import type { Logger } from '../pipeline/log.ts'
import type { Metrics } from '../pipeline/metrics.ts'
import { reasonOf } from '../pipeline/store-health.ts'
import { errorMessage } from '../pipeline/log.ts'
import { PAGE_CSS } from '../render/web-css.ts'
import { hrefs } from '../render/hrefs.ts'
import { addEventsRoute } from '../sources/http/events-route.ts'
import { type Store, isStateStore } from '../store/types.ts'

export interface AppOptions {
  store: Store
  ingest: Ingest
  metrics: Metrics
  log: Logger
  now?: () => number
  /** Largest POST body; limits.bodyBytes by default. */
  bodyBytes?: number
  /** What the ingest stored, for the pages' live updates (GET /api/changes); silent by default. */
  changes?: ChangeFeed
  /** Tokens HTTP writes and reads need (auth.ts); none: open. */
  access?: AccessTokens
  /** Most live-update streams open at once (--max-streams); default 1,000. */
  maxStreams?: number
  /** --retain: how long timelines are kept; for ever by default. */
  retainMs?: number
  /** --stale: after how long a step with no end is shown stale, not running; learned from earlier runs by default. */
  staleMs?: number
  /** The bodies all requests may hold at once (--max-body-bytes-in-flight); 64 MiB by default. */
  bodyBytesInFlight?: number
  /** Which Host names and page origins are the collector's (request-origin.ts): --public-url, --allow-origin. */
  origins?: RequestOriginRules
  /** What the facets add (collectorParts()), prepared (prepareFacets()). */
  parts: readonly LoadedFacet[]
  /** Where the facets' feeds go (the sinks configured with `feed = NAME`). */
  feed?: FacetContext['feed']
}

/** What every registered facet adds to the collector, loaded. */
export async function collectorParts(registered: readonly Facet[] = facets, settings: Readonly<Record<string, unknown>> = {}): Promise<LoadedFacet[]> {
  const parts: LoadedFacet[] = []
  for (const facet of registered) {
    if (!facet.collector) continue
    // its own keys, its defaults where none was given
    const own = Object.fromEntries(Object.entries(facet.settings ?? {}).map(([key, s]) => [key, settings[key] ?? s.default]))
    parts.push({ ...(await facet.collector(own)), name: facet.name })
  }
  return parts
}

/** Each facet's own state in the store's database; undefined when the store keeps none. */
export function facetState(store: Store, part: LoadedFacet): FacetContext['state'] {
  return isStateStore(store) ? store.state(part.name) : undefined
}

/** Makes every facet's state ready (its tables), one facet after another, before the app is built. */
export async function prepareFacets(parts: readonly LoadedFacet[], store: Store): Promise<void> {
  for (const part of parts) {
    const state = facetState(store, part)
    if (part.prepare && state) await part.prepare(state)
  }
}

/** The context one facet is given: the collector's, with its own state. */
export function withState(context: Omit<FacetContext, 'state'>, store: Store, part: LoadedFacet): FacetContext {
  const state = facetState(store, part)
  return state === undefined ? context : { ...context, state }
}

/** Every stylesheet the pages carry inline: the page's own and the facets'. */
export function pageStyles(parts: readonly CollectorFacet[]): string[] {
  return [PAGE_CSS, ...parts.flatMap((part) => part.styles ?? [])]
}

export function createApp(options: AppOptions): Hono {
  const { store, ingest, metrics, log } = options
  const now = options.now ?? Date.now
  const { parts } = options
  const app = new Hono()
  app.use('*', securityHeaders(pageStyles(parts)))
  app.use('*', checkRequestOrigin(options.origins))
  // before every route: a request without the token it needs never reaches one (nor has its body read)
  if (options.access) app.use('*', requireTokens(options.access, log, now, openWritesMatcher(parts.flatMap((part) => part.openWrites ?? []))))

  const { bodyBytes } = options
  const deliver = createDelivery({ source: 'http', ingest, metrics, log, now, refusedAs: 'answered 503 to' })
  const events = {
    deliver, metrics, log, now, openWrites: options.access?.write === undefined,
    budget: createBodyBudget(options.bodyBytesInFlight), ...(bodyBytes === undefined ? {} : { bodyBytes }),
  }
  addEventsRoute(app, events)
  // the facets' formats that HTTP takes at their own paths (payload status messages, …)
  for (const format of parts.flatMap((part) => part.formats ?? [])) {
    for (const path of format.http ?? []) addEventsRoute(app, { ...events, format: { path, format } })
  }
  const context = {
    store, ingest, metrics, log, now, changes: options.changes ?? createChangeFeed(),
    ...(options.maxStreams === undefined ? {} : { maxStreams: options.maxStreams }),
    ...(options.staleMs === undefined ? {} : { staleMs: options.staleMs }),
    ...(options.retainMs === undefined ? {} : { retainMs: options.retainMs }),
    ...(options.origins?.allowOrigins === undefined ? {} : { allowOrigins: options.origins.allowOrigins }),
    ...(options.feed === undefined ? {} : { feed: options.feed }),
  }
  for (const part of parts) part.routes?.(app, withState(context, store, part))
  app.get(hrefs.metrics, (c) =>
    c.body(metrics.renderPrometheus(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }))

  app.notFound((c) => fail(c, 404, 'not_found', `no route for ${c.req.method} "${c.req.path}"`))
  app.onError((error, c) => {
    if (error instanceof UptoError && error.code !== 'failure') return failWith(c, error)
    const detail = error instanceof Error && error.stack ? error.stack : errorMessage(error)
    // a store down fails every read alike: a line per cause every 10 s, with how many were not shown
    log.limited('error', `http failed ${reasonOf(error)}`, `${c.req.method} ${c.req.path} failed: ${detail}`)
    return fail(c, 500, 'internal', `internal error: ${errorMessage(error)}`)
  })
  return app
}
