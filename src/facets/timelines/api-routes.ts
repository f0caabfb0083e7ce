// The read API, compatible with the original upto's HAL routes and field names, and extended:
//   GET /api/                              { _links: { self, contexts } }
//   GET /api/contexts[?limit=&after=&prefix=] { _links: { self, items, next? }, contexts: [{ name, timelines, newest }], next? }
//                                          100 a page by name; next is the after of the page that follows
//   GET /api/contexts/:context             { _links: { self, latest, items, next? }, Name, timelines }
//   GET /api/contexts/:context/:timeline   { _links: { self, context, gantt }, Context, Id, First, Last,
//                                            running, Events, model, criticalPath }

import type { Context, Hono } from 'hono'
import { criticalPath } from '../../core/critical-path.ts'
import { formatTime } from '../../core/format.ts'
import type { Millis } from '../../core/types.ts'
import { defaultContextLimit, defaultPageLimit } from '../../store/paging.ts'
import type { Store } from '../../store/types.ts'
import { criticalPathJson } from '../../codecs/export/critical-path-json.ts'
import { apiEvents } from './api-events.ts'
import { hrefs, link } from '../../render/hrefs.ts'
import { readContexts, readSummaries } from '../../store/views.ts'
import type { Summaries } from './summaries.ts'
import { loadTimeline } from '../../http/load-timeline.ts'
import { badRequest, hal } from '../../http/responses.ts'
import { noContext } from '../../http/load-timeline.ts'

export interface ReadApiDeps {
  store: Store
  now: () => number
  /** --stale: after how long a step with no end is stale (core/stale.ts). */
  staleMs?: number
  /** The collector's summaries of finished runs, kept until they change (summaries.ts); else made every time. */
  summaries?: Summaries
}

export const maxPageLimit = 1_000

export function addReadApi(app: Hono, { store, now, staleMs, summaries }: ReadApiDeps): void {
  const clock = () => ({ now: now(), ...(staleMs === undefined ? {} : { staleMs }) })
  const summariesOf = summaries?.of ?? readSummaries(store)
  const root = (c: Context) =>
    hal(c, { _links: { self: link(hrefs.root), contexts: link(hrefs.contexts) } })
  app.get('/api', root)
  app.get('/api/', root)

  app.get('/api/contexts', async (c) => {
    const query = contextsQuery(c)
    const page = await readContexts(store, now(), query, staleMs, summariesOf)
    const self = hrefs.contexts
    const href = (after: string | undefined) => contextsHref(self, { ...query, after })
    return hal(c, {
      _links: {
        self: link(href(query.after)),
        items: page.items.map((x) => link(hrefs.context(x.name))),
        ...(page.next === undefined ? {} : { next: link(href(page.next)) }),
      },
      contexts: page.items,
      ...(page.next === undefined ? {} : { next: page.next }),
    })
  })

  app.get('/api/contexts/:context', async (c) => {
    const context = c.req.param('context')
    const limit = pageLimit(c.req.query('limit')) ?? defaultPageLimit
    const before = c.req.query('before')
    const newest = await store.newest(context)
    if (newest === undefined) throw await noContext(store, context)
    const page = await store.timelines(context, { limit, ...(before === undefined ? {} : { before }) })
    const timelines = await summariesOf(page.items, clock())
    const self = hrefs.context(context)
    const query = (b?: string) => `?limit=${limit}${b === undefined ? '' : `&before=${encodeURIComponent(b)}`}`
    return hal(c, {
      _links: {
        self: link(c.req.query('limit') === undefined && before === undefined ? self : self + query(before)),
        latest: link(hrefs.timeline(context, newest.id)),
        items: page.items.map((t) => link(hrefs.timeline(context, t.id))),
        ...(page.next === undefined ? {} : { next: link(self + query(page.next)) }),
      },
      Name: context,
      timelines,
    })
  })

  app.get('/api/contexts/:context/:timeline', async (c) => {
    const timeline = await loadTimeline(store, c.req.param('context'), c.req.param('timeline'), clock())
    const { context, id } = timeline
    return hal(c, {
      _links: {
        self: link(hrefs.timeline(context, id)),
        context: link(hrefs.context(context)),
        gantt: link(hrefs.gantt(context, id)),
      },
      Context: context,
      Id: id,
      First: time(timeline.first),
      Last: time(timeline.last),
      running: timeline.running,
      Events: apiEvents(timeline),
      model: timeline,
      criticalPath: criticalPathJson(criticalPath(timeline)), // a running step counts to the latest known time
    })
  })
}

function time(ms: Millis | undefined): string | null {
  return ms === undefined ? null : formatTime(ms)
}

export interface ContextsQuery {
  limit: number
  after?: string
  prefix?: string
}

/** ?limit=&after=&prefix= of the contexts' list (the API and the home page): 100 a page unless told. */
export function contextsQuery(c: Context): ContextsQuery {
  const after = c.req.query('after')
  const prefix = c.req.query('prefix')
  return {
    limit: pageLimit(c.req.query('limit')) ?? defaultContextLimit,
    ...(after === undefined || after === '' ? {} : { after }),
    ...(prefix === undefined || prefix === '' ? {} : { prefix }),
  }
}

/** `path` with the query of a contexts page (the default limit left out), `after` replaced. */
export function contextsHref(path: string, q: { limit: number; after?: string | undefined; prefix?: string | undefined }): string {
  const params = new URLSearchParams()
  if (q.limit !== defaultContextLimit) params.set('limit', String(q.limit))
  if (q.prefix !== undefined) params.set('prefix', q.prefix)
  if (q.after !== undefined) params.set('after', q.after)
  const search = params.toString()
  return search === '' ? path : `${path}?${search}`
}

export function pageLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1 || n > maxPageLimit) {
    throw badRequest(`invalid limit "${raw}": expected a whole number from 1 to ${maxPageLimit}`, { param: 'limit' })
  }
  return n
}
