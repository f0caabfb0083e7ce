// The answers to "why is it slower than last time?" over HTTP:
//   GET /api/compare/:context?a=&b=&baseline=N   the comparison as JSON (compare.ts's Comparison)
//   GET /compare/:context?a=&b=&baseline=N       the same as a page: two runs on one scale, changes coloured
//   GET /api/history/:context?step=&limit=N      per step over the last N finished runs (default 20)
//   GET /history/:context?step=&limit=N          the same as a page: p50, p90, last, trend, failures, retries
//   GET /api/contexts/:context/:timeline/critical-path    the critical path and the gaps
//   GET /api/contexts/:context/:timeline/export/:format   chrome, otlp, mermaid, csv or json (csv ?raw: no formula guard)
// Runs are picked as `upto compare` picks them: none named, the newest against the finished run before it;
// `a` alone, a against the run before it; `a` and `b`, a against b; `baseline=N`, against the median of N.
// Runs before are finished and successful (failed ones are named in `leftOut`); the successful runs before the
// newer one give each step its usual spread.
// (Not under /api/contexts/:context/…: a timeline may be named "compare".)

import type { Hono } from 'hono'
import { closest, didYouMean } from '../../core/closest.ts'
import { compareRuns, type Comparison } from './model/compare.ts'
import { comparePicked, pickedIds } from './model/compare-picked.ts'
import { criticalPath } from '../../core/critical-path.ts'
import { pickRuns, spreadRuns, type RunRef } from '../../core/pick-runs.ts'
import { profileOf } from './model/run-profile.ts'
import { stepHistory, type History } from './model/step-history.ts'
import { spreadsOf } from './model/step-spread.ts'
import { summarize } from '../../core/summary.ts'
import type { Timeline } from '../../core/types.ts'
import { criticalPathJson } from '../../codecs/export/critical-path-json.ts'
import { exportFormats, exportTimeline, isExportFormat } from '../../codecs/export/formats.ts'
import { renderComparePage } from './web-compare-page.ts'
import { renderHistoryPage } from './web-history-page.ts'
import type { Store } from '../../store/types.ts'
import { findTimeline, latest, readTimeline } from '../../store/views.ts'
import { analysisHrefs, hrefs } from '../../render/hrefs.ts'
import { loadTimeline, noContext } from '../../http/load-timeline.ts'
import { badRequest, hal, notFound } from '../../http/responses.ts'

export interface AnalysisDeps {
  store: Store
  now: () => number
  /** --stale: after how long a step with no end is stale (core/stale.ts). */
  staleMs?: number
}

const MAX_RUNS = 1_000


export function addAnalysisRoutes(app: Hono, { store, now, staleMs }: AnalysisDeps): void {
  const clock = () => ({ now: now(), ...(staleMs === undefined ? {} : { staleMs }) })
  async function comparison(context: string, query: (key: string) => string | undefined): Promise<Comparison> {
    const a = query('a')
    const b = query('b')
    const baseline = count(query('baseline'), 'baseline', 1)
    if (baseline !== undefined && b !== undefined) throw badRequest('baseline compares one run with the runs before it: give a, not a and b')
    const at = now()
    if (a !== undefined && b !== undefined) {
      const [ta, tb] = await Promise.all([run(context, a), run(context, b)])
      const earlier = (await recent(context, spreadRuns * 2, tb.id)).filter((r) => !r.running && !r.failed).slice(0, spreadRuns)
      return compareRuns(profileOf(ta, at), profileOf(tb, at), { spread: spreadsOf(earlier.map((r) => profileOf(r.timeline, at))) })
    }
    const refs = await recent(context, a === undefined ? Math.max(baseline ?? 1, spreadRuns) + 20 : MAX_RUNS)
    if (a !== undefined && !refs.some((r) => r.id === a)) await run(context, a) // 404 when unknown
    const picked = pickRuns(refs, context, a, baseline ?? 1)
    if ('problem' in picked) throw notFound(picked.problem)
    const profiles = new Map(pickedIds(picked).map((id) => [id, profileOf(refs.find((r) => r.id === id)!.timeline, at)]))
    return comparePicked(picked, (id) => profiles.get(id)!, baseline)
  }

  /** The newest `limit` timelines (older than `before` when given), built, newest first. */
  async function recent(context: string, limit: number, before?: string): Promise<(RunRef & { timeline: Timeline })[]> {
    if ((await store.newest(context)) === undefined) throw await noContext(store, context)
    const page = await store.timelines(context, { limit: Math.min(limit, MAX_RUNS), ...(before === undefined ? {} : { before }) })
    const timelines = await Promise.all(page.items.map((info) => readTimeline(store, info, clock())))
    return timelines.map((timeline) => ({ ...refOf(timeline), timeline }))
  }

  function refOf(timeline: Timeline): RunRef {
    return { id: timeline.id, running: timeline.running, failed: summarize(timeline, now()).status === 'error' }
  }

  /** One timeline, or a 404 naming the closest ids. */
  async function run(context: string, id: string): Promise<Timeline> {
    if (id === latest || (await findTimeline(store, context, id)) !== undefined) return loadTimeline(store, context, id, clock())
    const ids = (await recent(context, MAX_RUNS)).map((r) => r.id)
    throw notFound(`no timeline "${id}" in context "${context}"${didYouMean(id, ids)}`, { wanted: id, closest: closest(id, ids), back: [{ href: hrefs.page(context), text: `the runs of ${context}` }] })
  }

  async function history(context: string, query: (key: string) => string | undefined): Promise<History> {
    const limit = count(query('limit'), 'limit', 1) ?? 20
    const step = query('step')
    const finished = (await recent(context, limit)).filter((r) => !r.running).reverse()
    const at = now()
    const profiles = finished.map((r) => profileOf(r.timeline, at))
    const result = stepHistory(profiles, step === undefined ? {} : { step })
    if (step !== undefined && result.steps.length === 0) {
      const names = new Set(profiles.flatMap((p) => p.steps.map((s) => s.name)))
      throw notFound(`no step "${step}" in the last ${finished.length} finished runs of "${context}"${didYouMean(step, names)}`, { wanted: step, closest: closest(step, names), param: 'step' })
    }
    return result
  }

  app.get('/api/compare/:context', async (c) => {
    const context = c.req.param('context')
    return hal(c, { _links: { self: { href: c.req.url.slice(c.req.url.indexOf('/api/')) }, page: { href: analysisHrefs.comparePage(context) } }, ...(await comparison(context, (k) => c.req.query(k))) })
  })

  app.get('/compare/:context', async (c) => {
    const context = c.req.param('context')
    const result = await comparison(context, (k) => c.req.query(k))
    const search = new URL(c.req.url).search
    return c.html(renderComparePage(result, {
      ganttHref: (id) => hrefs.gantt(context, id),
      jsonHref: `${analysisHrefs.compare(context)}${search}`,
      homeHref: hrefs.home,
      contextHref: hrefs.page(context),
      context,
      historyHref: analysisHrefs.historyPage(context),
    }))
  })

  app.get('/api/history/:context', async (c) => {
    const context = c.req.param('context')
    const result = await history(context, (k) => c.req.query(k))
    return hal(c, { _links: { self: { href: analysisHrefs.history(context) }, page: { href: analysisHrefs.historyPage(context) } }, context, ...result })
  })

  app.get('/history/:context', async (c) => {
    const context = c.req.param('context')
    const result = await history(context, (k) => c.req.query(k))
    const search = new URL(c.req.url).search
    return c.html(renderHistoryPage(context, result, {
      homeHref: hrefs.home,
      contextHref: hrefs.page(context),
      compareHref: analysisHrefs.comparePage(context),
      jsonHref: `${analysisHrefs.history(context)}${search}`,
      runHref: (id) => hrefs.chart(context, id),
    }))
  })

  app.get('/api/contexts/:context/:timeline/critical-path', async (c) => {
    const timeline = await loadTimeline(store, c.req.param('context'), c.req.param('timeline'), clock())
    const path = criticalPathJson(criticalPath(timeline)) // as in the timeline answer: to the latest known time
    return hal(c, { _links: { self: { href: analysisHrefs.criticalPath(timeline.context, timeline.id) }, timeline: { href: hrefs.timeline(timeline.context, timeline.id) } }, ...path })
  })

  app.get('/api/contexts/:context/:timeline/export/:format', async (c) => {
    const format = c.req.param('format')
    if (!isExportFormat(format)) throw badRequest(`invalid format "${format}": expected ${exportFormats.join(', ')}`)
    const timeline = await loadTimeline(store, c.req.param('context'), c.req.param('timeline'), clock())
    const out = exportTimeline(timeline, format, now(), { raw: c.req.query('raw') !== undefined })
    const file = `${timeline.context}-${timeline.id}.${out.extension}`.replace(/[^\w.-]+/g, '_')
    return c.body(streamOf(out.chunks), 200, { 'content-type': out.type, 'content-disposition': `inline; filename="${file}"` })
  })
}

/** An export's pieces as a response body, made as the client reads: a big one is never held whole. */
function streamOf(chunks: Iterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const pieces = chunks[Symbol.iterator]()
  return new ReadableStream({
    pull(controller) {
      const next = pieces.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    cancel() {
      pieces.return?.()
    },
  })
}

function count(raw: string | undefined, name: string, min: number): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || n < min || n > MAX_RUNS) throw badRequest(`invalid ${name} "${raw}": expected a whole number from ${min} to ${MAX_RUNS}`, { param: name })
  return n
}
