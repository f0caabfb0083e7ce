// What the service graph adds to the collector: its tables (PostgreSQL), its routes and page, retention.

import { UptoError } from '../../core/errors.ts'
import { networkProblem } from '../../http/open-writes.ts'
import type { StateBackend } from '../../store/types.ts'
import type { CollectorFacet, FacetContext } from '../types.ts'
import type { GraphStore } from './graph-store.ts'
import { keyGraphStore } from './key-graph-store.ts'
import { addGraphPage, GRAPH_CSS } from './page-routes.ts'
import { addGraphRoutes } from './routes.ts'
import { graphMigrations, sqlGraphStore } from './sql-graph-store.ts'
import { DAY } from './model/types.ts'

/** How long edge buckets are kept when neither graph_retain nor --retain says; nodes stay. */
export const GRAPH_RETENTION = 30 * DAY
const RETENTION_EVERY = 10 * 60_000

const stores = new WeakMap<StateBackend, GraphStore>()

/** The one graph store of a backend: its writes go through one group commit. */
export function graphStoreOf(state: StateBackend, now: () => number = Date.now): GraphStore {
  let store = stores.get(state)
  if (store === undefined) stores.set(state, (store = state.kind === 'keys' ? keyGraphStore(state, now) : sqlGraphStore(state)))
  return store
}

export interface GraphSettings {
  /** graph_retain. */
  retainMs?: number | undefined
  /** graph_submit_from: who may submit without --token. */
  submitFrom?: readonly string[] | undefined
}

/** How long buckets are kept: graph_retain, or --retain when shorter, else 30 days. */
export function graphRetention(own: number | undefined, retainMs: number | undefined): number {
  return Math.min(own ?? GRAPH_RETENTION, retainMs ?? Infinity)
}

export function graphCollector(settings: GraphSettings = {}): CollectorFacet {
  const problem = (settings.submitFrom ?? []).map(networkProblem).find((p) => p !== undefined)
  if (problem !== undefined) throw new UptoError('usage', `graph_submit_from: ${problem}`)
  return graphParts(settings)
}

const graphParts = (settings: GraphSettings): CollectorFacet => ({
  styles: [GRAPH_CSS],
  openWrites: [{ paths: ['/submit', '/submit/'], from: settings.submitFrom ?? [] }],

  async prepare(state) {
    if (state.kind === 'sql') await state.migrate(graphMigrations)
  },

  routes(app, context: FacetContext) {
    if (context.state === undefined) return // a store that keeps no facet state: no graph
    const store = graphStoreOf(context.state, context.now)
    const reports = context.metrics.counter('graph_reports', 'Service graph reports (POST /submit): stored, or refused as bad_json, invalid or too_large.')
    const edges = context.metrics.counter('graph_edges_stored', 'Service graph edge counts stored.')
    addGraphRoutes(app, {
      store, now: context.now,
      counted: { reports: (reason) => reports(reason), edges: (n) => edges('', n) },
      ...(context.allowOrigins === undefined ? {} : { allowOrigins: context.allowOrigins }),
    })
    addGraphPage(app, { store, now: context.now })
  },

  async start(context) {
    if (context.state === undefined) return { close: async () => {} }
    const store = graphStoreOf(context.state, context.now)
    const keep = graphRetention(settings.retainMs, context.retainMs)
    const sweep = () => store.deleteBefore(context.now() - keep)
      .then((n) => { if (n > 0) context.log.info(`graph retention removed ${n} edge buckets`) })
      .catch((error: unknown) => context.log.warn(`graph retention failed: ${(error as Error).message}`))
    // the day of counts the queries are answered from, loaded now rather than by the first page opened
    const warming = store.warm?.().catch((error: unknown) => context.log.warn(`graph: loading the last day of counts failed: ${(error as Error).message}`))
    let running = sweep()
    const timer = setInterval(() => { running = running.then(sweep) }, RETENTION_EVERY)
    timer.unref()
    return {
      async close() {
        clearInterval(timer)
        await Promise.all([running, warming])
      },
    }
  },
})
