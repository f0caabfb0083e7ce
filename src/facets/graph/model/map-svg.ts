// The service map as SVG: services as boxes with their transactions inside, edges as width by volume and
// colour by health, nodes silent for an hour dashed; each box and line says its counts and error rates on hover (<title>). Classes only: the
// page's stylesheet (GRAPH_CSS) colours them, and the Content-Security-Policy allows no style attributes.

import { errorRate, isStale, isUnhealthy, type Counters } from './health.ts'
import type { Box, MapLayout } from './layout.ts'

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const total = (c: Counters) => c.ok + c.expected + c.unexpected
const percent = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`
const num = (x: number) => Math.round(x * 10) / 10

function health(c: Counters): string {
  if (total(c) === 0) return 'idle'
  return isUnhealthy(c) ? 'bad' : 'good'
}

export function describeCounts(c: Counters): string {
  return `${total(c)} call${total(c) === 1 ? '' : 's'}: ${c.ok} ok, ${c.expected} expected errors, ${c.unexpected} unexpected errors (${percent(errorRate(c))} errors)`
}

export interface MapOptions {
  /** Each node's last activity (milliseconds), and the time now: a node silent for an hour is drawn stale. */
  lastActivity?: ReadonlyMap<string, number>
  now?: number
}

export function renderMapSvg(layout: MapLayout, { lastActivity, now }: MapOptions = {}): string {
  const stale = (id: string) => (lastActivity !== undefined && now !== undefined && isStale(lastActivity.get(id), now) ? ' gm-stale' : '')
  const since = (id: string) => {
    const at = lastActivity?.get(id)
    return at === undefined || now === undefined ? '' : `; last heard ${Math.round((now - at) / 60_000)} min ago`
  }
  const most = Math.max(1, ...layout.edges.map((e) => total(e.counts)))
  const width = (c: Counters) => num(1 + 5 * Math.sqrt(total(c) / most))
  const box = (b: Box, kind: string) =>
    `<g class="gm-${kind} gm-${health(b.counts)}${stale(b.id)}"><title>${esc(b.name)}: ${describeCounts(b.counts)}${since(b.id)}</title>`
      + `<rect x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}" rx="4"/>`
      + `<text x="${num(b.x + b.width / 2)}" y="${num(b.y + b.height / 2 + 4)}" text-anchor="middle">${esc(b.name)}</text></g>`
  // clusters under the lines, boxes over them
  const clusters: string[] = []
  const parts: string[] = []
  const boxes: string[] = []
  for (const service of layout.services) {
    if (service.transactions.length === 0) {
      boxes.push(box(service, 'service'))
      continue
    }
    clusters.push(`<g class="gm-cluster gm-${health(service.counts)}${stale(service.id)}"><title>${esc(service.name)}: ${describeCounts(service.counts)}${since(service.id)}</title>`
      + `<rect x="${num(service.x)}" y="${num(service.y)}" width="${num(service.width)}" height="${num(service.height)}" rx="6"/>`
      + `<text x="${num(service.x + service.width / 2)}" y="${num(service.y + 16)}" text-anchor="middle">${esc(service.name)}</text></g>`)
    for (const t of service.transactions) boxes.push(box(t, 'transaction'))
  }
  for (const edge of layout.edges) {
    const [a, b, c, e] = edge.points
    const d = `M${num(a.x)},${num(a.y)} C${num(b.x)},${num(b.y)} ${num(c.x)},${num(c.y)} ${num(e.x)},${num(e.y)}`
    parts.push(`<g class="gm-edge gm-${health(edge.counts)}"><title>${esc(edge.fromName)} → ${esc(edge.toName)}: ${describeCounts(edge.counts)}</title>`
      + `<path d="${d}" stroke-width="${width(edge.counts)}" marker-end="url(#gm-arrow)"/></g>`)
  }
  const w = Math.ceil(Math.max(layout.width, 200))
  const h = Math.ceil(Math.max(layout.height, 60))
  const empty = layout.services.length === 0 ? `<text x="${w / 2}" y="${h / 2}" text-anchor="middle" class="gm-empty">no edges in this window</text>` : ''
  return `<svg xmlns="http://www.w3.org/2000/svg" class="graph-map" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="service map">`
    + `<defs><marker id="gm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="gm-arrowhead"/></marker></defs>`
    + clusters.join('') + parts.join('') + boxes.join('') + empty + '</svg>'
}
