// The service map as a web page:
//   GET /graph?project=&since=1h&traffic=0     the page: the map, a time window, a traffic filter; live
//   GET /graph/map.svg?project=&since=&traffic=  the map alone, what the page's script fetches again
//   GET /assets/graph.js                          that script

import type { Context, Hono } from 'hono'
import { parseDuration } from '../../core/duration.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'
import { badRequest } from '../../http/responses.ts'
import type { GraphStore } from './graph-store.ts'
import { layoutMap } from './model/layout.ts'
import { renderMapSvg } from './model/map-svg.ts'
import { GRAPH_SCRIPT, graphScriptHref } from './page-script.ts'
import { serviceMapOf } from './queries.ts'

export const graphPageHref = '/graph'
const mapHref = '/graph/map.svg'
const windows = ['15m', '1h', '6h', '24h', '7d'] as const

export const GRAPH_CSS = `
.graph-controls{display:flex;gap:1.5em;align-items:center;flex-wrap:wrap;margin:.5em 0 1em}
#graph-map{overflow:auto}
.graph-map text{font:12px system-ui,sans-serif;fill:#222}
.gm-cluster rect{fill:#f4f6f8;stroke:#9aa5b1}
.gm-service rect{fill:#fff;stroke:#52606d;stroke-width:1.5}
.gm-transaction rect{fill:#fff;stroke:#9aa5b1}
.gm-bad rect{stroke:#d64545;stroke-width:2}
.gm-bad.gm-service rect,.gm-bad.gm-transaction rect{fill:#ffeeee}
.gm-edge path{fill:none;stroke:#3f9142;opacity:.8}
.gm-edge.gm-bad path{stroke:#d64545}
.gm-edge.gm-idle path{stroke:#9aa5b1}
.gm-arrowhead{fill:#52606d}
.gm-edge:hover path{opacity:1}
.gm-empty{fill:#7b8794}
.gm-stale rect{stroke-dasharray:4 3;opacity:.7}
`

export interface GraphPageDeps {
  store: GraphStore
  now: () => number
}

interface PageQuery {
  project: number
  since: string
  traffic: number
}

export function addGraphPage(app: Hono, { store, now }: GraphPageDeps): void {
  async function pageQuery(c: Context): Promise<PageQuery> {
    const projectText = c.req.query('project')
    let project: number
    if (projectText === undefined || projectText === '') project = (await store.projects())[0] ?? 0
    else if (/^\d{1,15}$/.test(projectText)) project = Number(projectText)
    else throw badRequest(`invalid project "${projectText}": expected a whole number`)
    const since = c.req.query('since') ?? '1h'
    if (parseDuration(since) === undefined) throw badRequest(`invalid since "${since}": expected a duration like 15m, 1h or 7d`)
    const trafficText = c.req.query('traffic') ?? '0'
    const traffic = Number(trafficText)
    if (!(traffic >= 0 && traffic <= 100)) throw badRequest(`invalid traffic "${trafficText}": expected a number from 0 to 100`)
    return { project, since, traffic }
  }

  async function svg(q: PageQuery): Promise<string> {
    const end = now()
    const map = await serviceMapOf(store, { projectId: q.project, start: end - parseDuration(q.since)!, end, trafficVolume: q.traffic })
    const lastActivity = new Map(map.active_nodes.map((n) => [n.node_id, Date.parse(n.last_activity)]))
    return renderMapSvg(layoutMap(map.graph), { lastActivity, now: end })
  }

  app.get(graphPageHref, async (c) => {
    const q = await pageQuery(c)
    const projects = await store.projects()
    if (!projects.includes(q.project)) projects.push(q.project)
    const option = (value: string, label: string, selected: boolean) =>
      `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`
    const sinceChoices = windows.includes(q.since as (typeof windows)[number]) ? windows : [q.since, ...windows]
    const html = pageStart({ title: `service map of project ${q.project}`, scriptHref: graphScriptHref })
      + `<h1>Service map</h1>
<form id="graph-form" class="graph-controls" method="get" action="${graphPageHref}">
<label>project <select name="project">${projects.map((p) => option(String(p), String(p), p === q.project)).join('')}</select></label>
<label>last <select name="since">${sinceChoices.map((w) => option(w, w, w === q.since)).join('')}</select></label>
<label>traffic at least the <input type="number" name="traffic" min="0" max="100" step="5" value="${q.traffic}"> percentile</label>
<noscript><button type="submit">show</button></noscript>
</form>
<div id="graph-map" data-src="${mapHref}" data-every="5000">${await svg(q)}</div>
<p>Red: unhealthy (under 98% ok against expected errors, or 99% against unexpected ones). Dashed: silent for an hour. Line width: calls. Hover for counts.</p>
` + pageEnd
    return c.html(html)
  })

  app.get(mapHref, async (c) => c.body(await svg(await pageQuery(c)), 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' }))

  app.get(graphScriptHref, (c) => c.body(GRAPH_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))
}
