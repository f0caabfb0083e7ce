// The service graph over HTTP, compatible with servicegraph's SDK and frontend:
//   POST /submit, /submit/     a report {project_id, nodes, edges}: 200 with an empty body once durable
//   POST /api/graph            edges and nodes summed over a window (default: the last hour)
//   POST /api/active-nodes     nodes heard from in the window, with their last activity
//   POST /api/service-map      {graph, active_nodes}, edges cut by traffic_volume (0–100)
//   POST /api/histogram        edge counts over time: {buckets: [{ts, n}], granularity_seconds}
//   GET  /api/health           OK
// Bad JSON is 400, a wrong field 422 with its path; both counted (upto_graph_reports_total{reason}).

import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { allowFrontend } from './cors.ts'
import type { GraphStore } from './graph-store.ts'
import { InvalidField } from './model/problem.ts'
import { parseQuery, type GraphQuery } from './model/query.ts'
import { parseReport } from './model/report.ts'
import type { Report } from './model/types.ts'
import { activeNodesOf, graphOf, histogramOf, serviceMapOf } from './queries.ts'

export interface GraphRouteDeps {
  store: GraphStore
  now: () => number
  /** Counts reports by what became of them, and the edges stored. */
  counted: { reports: (reason: string) => void; edges: (n: number) => void }
  allowOrigins?: readonly string[]
}

/** The paths servicegraph's frontend calls, from its own site. */
export const frontendPaths = ['/api/graph', '/api/active-nodes', '/api/service-map', '/api/histogram', '/api/health'] as const

/** Larger bodies are refused: the SDK sends a second's reports at a time. */
const MAX_BODY = 16 * 1024 * 1024

export function addGraphRoutes(app: Hono, { store, now, counted, allowOrigins }: GraphRouteDeps): void {
  allowFrontend(app, frontendPaths, allowOrigins)

  const submit = async (c: Context) => {
    const body = await jsonBody(c)
    if (body instanceof Response) {
      counted.reports(body.status === 400 ? 'bad_json' : 'too_large')
      return body
    }
    let report: Report
    try {
      report = parseReport(body)
      await checkParents(store, report)
    } catch (error) {
      if (!(error instanceof InvalidField)) throw error
      counted.reports('invalid')
      return invalid(c, error)
    }
    await store.submit(report)
    counted.reports('stored')
    counted.edges(report.edges.length)
    return c.body(null, 200)
  }
  // the SDK posts to /submit/ and gives up for good on a redirect: both answer directly
  app.post('/submit', submit)
  app.post('/submit/', submit)

  const query = <T>(answer: (q: GraphQuery) => Promise<T>) => async (c: Context) => {
    const body = await jsonBody(c)
    if (body instanceof Response) return body
    let q: GraphQuery
    try {
      q = parseQuery(body, now())
    } catch (error) {
      if (!(error instanceof InvalidField)) throw error
      return invalid(c, error)
    }
    return c.json(await answer(q))
  }
  app.post('/api/graph', query((q) => graphOf(store, q)))
  app.post('/api/active-nodes', query((q) => activeNodesOf(store, q)))
  app.post('/api/service-map', query((q) => serviceMapOf(store, q)))
  app.post('/api/histogram', query((q) => histogramOf(store, q)))
  app.get('/api/health', (c) => c.text('OK'))
  // upto's own: which projects reported, for `upto graph` without --project
  app.post('/api/graph/projects', async (c) => c.json({ projects: await store.projects() }))
}

/** A transaction's parent, when not in the same report, must be a service registered before. */
async function checkParents(store: GraphStore, report: Report): Promise<void> {
  const inReport = new Set(report.nodes.map((n) => n.nodeId))
  const elsewhere = report.nodes.flatMap((n, i) => (n.parentId !== null && !inReport.has(n.parentId) ? [[i, n.parentId] as const] : []))
  if (elsewhere.length === 0) return
  const known = new Map((await store.nodes(report.projectId, [...new Set(elsewhere.map(([, id]) => id))])).map((n) => [n.nodeId, n]))
  for (const [i, id] of elsewhere) {
    const parent = known.get(id)
    if (parent === undefined) throw new InvalidField(`nodes[${i}].parent_id`, `${id} is not a registered service of project ${report.projectId}: report the service first, or in the same body`)
    if (parent.nodeType !== 'service') throw new InvalidField(`nodes[${i}].parent_id`, `${id} is a transaction: a transaction's parent is a service`)
  }
}

/** The body as JSON, or the answer to give: 400 for bad JSON, 413 for too much. */
async function jsonBody(c: Context): Promise<unknown | Response> {
  const length = Number(c.req.header('content-length') ?? 0)
  if (length > MAX_BODY) return problem(c, 413, `the body is ${length} bytes: at most ${MAX_BODY} are taken`)
  const text = await c.req.text()
  if (text.length > MAX_BODY) return problem(c, 413, `the body is over ${MAX_BODY} bytes`)
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    return problem(c, 400, `the body is not JSON: ${(error as Error).message}`)
  }
}

function problem(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.json({ error: 'bad_request', message }, status)
}

function invalid(c: Context, error: InvalidField): Response {
  return c.json({ error: 'bad_request', message: error.message, path: error.path }, 422)
}
