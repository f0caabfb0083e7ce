// The web UI: GET /                      contexts, newest run of each, sparkline of recent durations
//                                        (?limit=&after=&prefix= pages, 100 by name a page)
//             GET /c/:context            its runs, newest first (?limit=&before= pages)
//             GET /c/:context/:timeline  the Gantt page (`latest` allowed; `.svg` for the SVG alone)
//             GET /assets/upto.js        the pages' script (interaction and live updates)
// Pages answer ?part=main (lists) or ?part=chart (Gantt) with just what the script swaps in on a change.

import type { Context, Hono } from 'hono'
import { type ContextRow, type ContextsPageOptions, type ListPageOptions, contextsFragment, renderContextsPage } from './web-contexts-page.ts'
import { type TimelinesPageOptions, renderTimelinesPage, timelinesFragment } from './web-timelines-page.ts'
import type { Store } from '../../store/types.ts'
import { readSummaries } from '../../store/views.ts'
import type { Summaries } from './summaries.ts'
import { analysisHrefs } from '../../render/hrefs.ts'
import { contextsHref, contextsQuery, pageLimit } from './api-routes.ts'
import { answerGantt } from './gantt-answer.ts'
import type { DrawThread } from './draw/draw-thread.ts'
import { hrefs } from '../../render/hrefs.ts'
import type { Logger } from '../../pipeline/log.ts'
import { badRequest } from '../../http/responses.ts'
import { noContext } from '../../http/load-timeline.ts'
import { webScript } from './web-script.ts'

export interface WebRoutesDeps {
  store: Store
  now: () => number
  log?: Logger
  /** --stale: after how long a step with no end is stale (core/stale.ts). */
  staleMs?: number
  /** The collector's summaries of finished runs, kept until they change (summaries.ts); else made every time. */
  summaries?: Summaries
  /** Where big charts are drawn (draw/draw-thread.ts); absent: on the collector's thread. */
  drawThread?: DrawThread
}

/** Runs per context in the sparkline of `/`. */
export const sparklineRuns = 20
export const defaultRunsPerPage = 30

export function addWebRoutes(app: Hono, deps: WebRoutesDeps): void {
  const { store, now } = deps
  const clock = () => ({ now: now(), ...(deps.staleMs === undefined ? {} : { staleMs: deps.staleMs }) })
  const summariesOf = deps.summaries?.of ?? readSummaries(store)

  app.get(hrefs.home, async (c) => {
    const part = listPart(c)
    const query = contextsQuery(c)
    const contexts = await store.contextPage(query)
    const at = now()
    const rows: ContextRow[] = await Promise.all(
      contexts.items.map(async (x) => {
        const page = await store.timelines(x.name, { limit: sparklineRuns })
        const recent = await summariesOf(page.items, { ...clock(), now: at })
        return { name: x.name, timelines: x.timelines, recent }
      }),
    )
    // all of them on one page: the most recent first; one page of many: by name, as they are paged
    if (contexts.next === undefined && query.after === undefined) rows.sort(byRecent)
    const self = (after?: string) => contextsHref(hrefs.home, { ...query, after })
    const here = self(query.after)
    const o: ContextsPageOptions = {
      ...listOptions(at, hrefs.changes, `${here}${here.includes('?') ? '&' : '?'}part=main`),
      homeHref: hrefs.home,
      ...(query.prefix === undefined ? {} : { prefix: query.prefix }),
      ...(contexts.next === undefined ? {} : { nextHref: self(contexts.next) }),
      ...(query.after === undefined ? {} : { firstHref: self() }),
    }
    return html(c, part ? contextsFragment(rows, o) : renderContextsPage(rows, o))
  })

  app.get('/c/:context', async (c) => {
    const part = listPart(c)
    const context = c.req.param('context')
    const limit = pageLimit(c.req.query('limit')) ?? defaultRunsPerPage
    const before = c.req.query('before')
    if ((await store.newest(context)) === undefined) throw await noContext(store, context)
    const page = await store.timelines(context, { limit, ...(before === undefined ? {} : { before }) })
    const at = now()
    const items = await summariesOf(page.items, { ...clock(), now: at })
    const self = hrefs.page(context)
    const query = (b?: string) => `?limit=${limit}${b === undefined ? '' : `&before=${encodeURIComponent(b)}`}`
    const fragment = `${self}${query(before)}&part=main`
    const o: TimelinesPageOptions = {
      ...listOptions(at, `${hrefs.changes}?context=${encodeURIComponent(context)}`, fragment),
      homeHref: hrefs.home,
      ...(page.next === undefined ? {} : { olderHref: self + query(page.next) }),
      ...(before === undefined ? {} : { newestHref: self }),
      compareHref: analysisHrefs.comparePage(context),
      historyHref: analysisHrefs.historyPage(context),
    }
    return html(c, part ? timelinesFragment(context, items, o) : renderTimelinesPage(context, items, o))
  })

  app.get('/c/:context/:timeline', (c) => {
    const raw = c.req.param('timeline')
    const svg = raw.endsWith('.svg') && raw.length > 4
    return answerGantt(c, deps, {
      context: c.req.param('context'),
      id: svg ? raw.slice(0, -4) : raw,
      ...(svg ? { format: 'svg' as const } : {}),
      self: hrefs.chart,
    })
  })

  app.get(hrefs.script, async (c) => {
    const script = await webScript()
    const headers = { etag: script.etag, 'cache-control': 'no-cache' }
    if (c.req.header('if-none-match') === script.etag) return c.body(null, 304, headers)
    return c.body(script.code, 200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' })
  })
}

function listOptions(now: number, changesHref: string, fragmentHref: string): ListPageOptions {
  return { now, scriptHref: hrefs.script, changesHref, fragmentHref, contextHref: hrefs.page, timelineHref: hrefs.chart }
}

/** Contexts whose newest run started last come first. */
function byRecent(a: ContextRow, b: ContextRow): number {
  const when = (r: ContextRow) => r.recent[0]?.start ?? r.recent[0]?.created ?? 0
  return when(b) - when(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
}

function listPart(c: Context): boolean {
  const part = c.req.query('part')
  if (part === undefined) return false
  if (part === 'main') return true
  throw badRequest(`invalid part "${part}": expected main`, { param: 'part' })
}

function html(c: Context, body: string): Response {
  return c.body(body, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
}
