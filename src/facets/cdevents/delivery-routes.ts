// What runs where and DORA over HTTP:
//   GET /api/deployments?env=&service=        {deployments: [{service, environment, artifactId, since, kind, history}]}
//   GET /api/dora?env=&service=&days=30       {window: {from, to}, figures: [{service, environment, deployments, …}]}
// Times are RFC 3339; durations milliseconds. A bad query is 400 problem+JSON.

import type { Context, Hono } from 'hono'
import { deploymentsNow, doraNow } from './delivery.ts'
import { BadQuery, readDeliveryQuery, windowOf, type DeliveryQuery } from './model/query.ts'
import { problem } from './problem.ts'
import type { CdeventLake } from './store.ts'

export interface DeliveryDeps {
  lake: CdeventLake
  now: () => number
}

const iso = (ms: number) => new Date(ms).toISOString()

export function addDeliveryRoutes(app: Hono, { lake, now }: DeliveryDeps): void {
  app.get('/api/deployments', async (c) => {
    const query = queryOr400(c)
    if (query instanceof Response) return query
    const running = await deploymentsNow(lake, query)
    return c.json({
      deployments: running.map((r) => ({
        service: r.service, environment: r.environment, artifactId: r.artifactId, since: iso(r.since), kind: r.kind,
        history: r.history.map((d) => ({ kind: d.kind, artifactId: d.artifactId ?? null, at: iso(d.at) })),
      })),
    })
  })

  app.get('/api/dora', async (c) => {
    const query = queryOr400(c)
    if (query instanceof Response) return query
    const window = windowOf(query, now())
    const figures = await doraNow(lake, query, window)
    return c.json({ window: { from: iso(window.from), to: iso(window.to), days: query.days }, figures })
  })
}

export function queryOr400(c: Context): DeliveryQuery | Response {
  try {
    return readDeliveryQuery(c.req.query())
  } catch (error) {
    if (error instanceof BadQuery) return problem(c, 400, error.message)
    throw error
  }
}
