// An app with the service graph on a memory store and a clock that can be moved, and helpers that speak to it
// as servicegraph's SDK and frontend do.

import type { Hono } from 'hono'
import { createIngest } from '../../src/pipeline/ingest.ts'
import { createLogger } from '../../src/pipeline/log.ts'
import { createMetrics, type Metrics } from '../../src/pipeline/metrics.ts'
import { collectorParts, createApp } from '../../src/server/app.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { Store } from '../../src/store/types.ts'

const parts = await collectorParts()

export const t0 = Date.UTC(2026, 11, 2, 12, 0, 0)
export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

export const ids = {
  web: '10000000-0000-4000-8000-000000000001',
  api: '10000000-0000-4000-8000-000000000002',
  apiGetUsers: '10000000-0000-4000-8000-000000000003',
  db: '10000000-0000-4000-8000-000000000004',
}

export const services = [
  { node_id: ids.web, node_type: 'service', name: 'web' },
  { node_id: ids.api, node_type: 'service', name: 'api' },
  { node_id: ids.apiGetUsers, node_type: 'transaction', name: 'GET /users', parent_id: ids.api },
  { node_id: ids.db, node_type: 'service', name: 'db', description: 'primary', class: 'database' },
]

export interface GraphFixture {
  app: Hono
  store: Store
  metrics: Metrics
  at(ms: number): void
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>
  submit(body: unknown): Promise<Response>
  /** POSTs a query and answers its JSON, failing on a non-200. */
  query(path: string, body: unknown): Promise<any>
}

export function graphFixture(options: { allowOrigins?: string[] } = {}): GraphFixture {
  const store = createMemoryStore()
  const metrics = createMetrics()
  let clock = t0 + 30 * 60_000
  const now = () => clock
  const log = createLogger({ sink: () => {}, now })
  const ingest = createIngest({ store, metrics, now, log })
  const app = createApp({ parts, store, ingest, metrics, now, log, ...(options.allowOrigins ? { origins: { allowOrigins: options.allowOrigins } } : {}) })
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => app.request(path, {
    method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers },
  })
  return {
    app, store, metrics, post,
    at: (ms) => (clock = ms),
    submit: (body) => post('/submit/', body),
    async query(path, body) {
      const res = await post(path, body)
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`)
      return res.json()
    },
  }
}

export const edge = (ts: number | string, from: string, to: string, n: number, status = 'ok', extra: Record<string, unknown> = {}) =>
  ({ ts: typeof ts === 'number' ? iso(ts) : ts, from_node_id: from, to_node_id: to, status, n, ...extra })
