// payload-tracker-go's REST API on upto, under /api/v1 and /app/payload-tracker/api/v1:
//   GET /payloads                 the payloads, paged, sorted, filtered: {count, elapsed, data}
//   GET /payloads/{request_id}    its statuses and how long each service held it: {data, duration}; 404 unknown
//   GET /statuses                 every status, paged, sorted, filtered: {count, elapsed, data}
//   GET /stats?stat=SuccessRate   per service, successes and failures over a window
//   GET /health                   OK
// Bad parameters answer 400 {title, message, status}, the message naming the parameter and what it may be.
// (POST /payloads/status is the HTTP source of the payload-status format: format.ts.)

import type { Context, Hono } from 'hono'
import type { Store } from '../../store/types.ts'
import { derive, durations, type StatusRow } from './model/payload.ts'
import {
  QueryProblem, readPayloadQuery, readPayloadStatusQuery, readStatusQuery, sortPage, type PayloadStatusQuery,
} from './model/query.ts'
import { successRates } from './model/stats.ts'
import type { PayloadIndex } from './store.ts'

export const apiBases = ['/api/v1', '/app/payload-tracker/api/v1'] as const

export interface ApiDeps {
  store: Store
  index: PayloadIndex
  now: () => number
  /** The context the payloads' timelines are in. */
  context: string
}

export function addPayloadApi(app: Hono, deps: ApiDeps): void {
  const { store, index, now, context } = deps
  for (const base of apiBases) {
    app.get(`${base}/health`, (c) => c.text('OK'))

    app.get(`${base}/payloads`, async (c) => {
      const started = performance.now()
      const query = readPayloadQuery(c.req.query())
      if (query instanceof QueryProblem) return problem(c, query)
      const { count, items } = await index.payloads(query)
      return c.json({ count, elapsed: elapsed(started), data: items.map((r, i) => ({ id: query.page * query.pageSize + i + 1, ...payloadJson(r) })) })
    })

    app.get(`${base}/payloads/:id`, async (c) => {
      const query = readPayloadStatusQuery(c.req.query())
      if (query instanceof QueryProblem) return problem(c, query)
      const id = c.req.param('id')
      const derived = derive(id, await store.messages(context, id))
      if (derived === undefined) return c.json({ title: 'Not Found', message: `no payload with request_id "${id}"`, status: 404 }, 404)
      const statuses = sortPage([...derived.statuses], query.sortBy, { page: 0, sortDir: query.sortDir })
      return c.json({ data: statuses.map((s, i) => statusJson(s, i + 1, query.verbosity, derived.record)), duration: durations(derived.statuses) })
    })

    app.get(`${base}/statuses`, async (c) => {
      const started = performance.now()
      const query = readStatusQuery(c.req.query())
      if (query instanceof QueryProblem) return problem(c, query)
      const { count, items } = await index.statuses(query)
      return c.json({ count, elapsed: elapsed(started), data: items.map((s, i) => statusJson(s, query.page * query.pageSize + i + 1, 0)) })
    })

    app.get(`${base}/stats`, async (c) => {
      const params = c.req.query()
      if (params.stat !== 'SuccessRate') return problem(c, new QueryProblem('stat must be one of SuccessRate'))
      const hours = params.hours === undefined ? 24 : Number(params.hours)
      if (!(hours > 0)) return problem(c, new QueryProblem(`hours must be a number above 0, got "${params.hours}"`))
      const until = now()
      const { items } = await index.statuses({
        page: 0, pageSize: Number.MAX_SAFE_INTEGER, sortDir: 'asc', sortBy: 'date', filters: {}, date: { gte: until - hours * 3_600_000 }, createdAt: {},
      })
      return c.json(successRates(items))
    })
  }
}

function problem(c: Context, p: QueryProblem) {
  return c.json({ title: 'Bad Request', message: p.message, status: 400 }, 400)
}

/** Seconds the query took, as payload-tracker answers `elapsed`. */
function elapsed(started: number): number {
  return Math.round(performance.now() - started) / 1_000
}

const iso = (ms: number) => {
  const whole = Math.floor(ms)
  const micros = Math.round((ms - whole) * 1_000)
  const text = new Date(whole).toISOString()
  return micros === 0 ? text : `${text.slice(0, -1)}${String(micros).padStart(3, '0')}Z`
}

function payloadJson(r: { request_id: string; created_at: number; account?: string; org_id?: string; inventory_id?: string; system_id?: string }) {
  return {
    request_id: r.request_id, account: r.account ?? null, org_id: r.org_id ?? null, inventory_id: r.inventory_id ?? null,
    system_id: r.system_id ?? null, created_at: iso(r.created_at),
  }
}

/** A status as payload-tracker-go lists one; verbosity 1 and 2 leave fields out. */
function statusJson(s: StatusRow, id: number, verbosity: PayloadStatusQuery['verbosity'], payload?: { account?: string; org_id?: string; inventory_id?: string; system_id?: string }) {
  if (verbosity === 2) return { service: s.service, status: s.status, date: iso(s.date) }
  const some = { service: s.service, source: s.source ?? null, status: s.status, status_msg: s.status_msg ?? null, date: iso(s.date) }
  if (verbosity === 1) return some
  const p = payload ?? s
  return {
    id, request_id: s.request_id, ...some, created_at: iso(s.created_at),
    account: p.account ?? null, org_id: p.org_id ?? null, inventory_id: p.inventory_id ?? null, system_id: p.system_id ?? null,
  }
}
