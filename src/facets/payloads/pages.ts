// The payload pages. /payloads: a search (any id, account, a time window, errors only) and the payloads found, newest
// first. /payloads/ID: where the payload is — a bar per service (green success, red error, grey still there), the
// durations, the statuses — linked to its Gantt chart. /payloads/services/NAME: one service's volume, success rate
// and p50/p90 time in service, hour by hour. The pages follow their payloads live (payloads-live.js): a change to
// what a page shows reloads it. Work on a phone: everything stacks at 420 px.

import type { Context, Hono } from 'hono'
import { formatDuration } from '../../core/format.ts'
import { parseDuration } from '../../core/duration.ts'
import type { Store } from '../../store/types.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { hrefs } from '../../render/hrefs.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'
import { derive, durations, type StatusRow } from './model/payload.ts'
import { readPayloadQuery, type PayloadQuery } from './model/query.ts'
import { serviceHours } from './model/service-hours.ts'
import type { PayloadIndex } from './store.ts'

export const payloadHrefs = {
  list: '/payloads',
  payload: (id: string) => `/payloads/${encodeURIComponent(id)}`,
  service: (name: string) => `/payloads/services/${encodeURIComponent(name)}`,
  script: '/assets/payloads-live.js',
}

export const PAYLOAD_CSS = `
.pl-search{display:flex;flex-wrap:wrap;gap:.5em;align-items:end;margin:1em 0}
.pl-search label{display:flex;flex-direction:column;font-size:.85em;gap:.2em}
.pl-search input{font:inherit;padding:.3em .4em;min-width:0}
.pl-table{border-collapse:collapse;width:100%;font-size:.9em}
.pl-table th,.pl-table td{text-align:left;padding:.25em .5em;border-bottom:1px solid #8883;overflow-wrap:anywhere}
.pl-wrap{overflow-x:auto;max-width:100%}
.pl-bars{display:grid;grid-template-columns:minmax(6em,30%) 1fr auto;gap:.3em .6em;align-items:center;margin:1em 0}
.pl-track{display:block;width:100%;height:1.1em;background:#8881;border-radius:3px}
.pl-success{fill:#2a9d4a}.pl-error{fill:#d1343b}.pl-there{fill:#9a9a9a}
.pl-id{overflow-wrap:anywhere}
.pl-gantt{max-width:100%;height:auto}
.pl-status-error,.pl-status-failed{color:#d1343b;font-weight:600}.pl-status-success{color:#2a9d4a}
@media (max-width:480px){.pl-table .pl-optional{display:none}.pl-bars{grid-template-columns:1fr auto}.pl-bars .pl-track{grid-column:1/-1}}
`

/** Reloads the page when a payload it shows changes (server-sent events of /api/changes). */
const liveScript = (context: string) => `(() => {
  const id = document.body.dataset.payload
  const source = new EventSource(${JSON.stringify(`${hrefs.changes}?context=${encodeURIComponent(context)}`)})
  let timer
  source.addEventListener('change', (e) => {
    const change = JSON.parse(e.data)
    if (id !== undefined && change.timeline !== id) return
    clearTimeout(timer)
    timer = setTimeout(() => location.reload(), 500)
  })
})()
`

interface PageDeps {
  store: Store
  index: PayloadIndex
  now: () => number
  context: string
}

export function addPayloadPages(app: Hono, { store, index, now, context }: PageDeps): void {
  const script = liveScript(context)
  app.get(payloadHrefs.script, (c) => c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))

  app.get(payloadHrefs.list, async (c) => {
    const q = c.req.query()
    const problems: string[] = []
    const params: Record<string, string> = { page_size: '100' }
    if (q.account) params.account = q.account
    const since = q.since ? parseDuration(q.since) : undefined
    if (q.since && since === undefined) problems.push(`"${q.since}" is not a time window: expected 15m, 1h, 2d`)
    if (since !== undefined) params.created_at_gte = new Date(now() - since).toISOString()
    const query = readPayloadQuery(params) as PayloadQuery
    let found = [] as Awaited<ReturnType<PayloadIndex['payloads']>>['items']
    let total = 0
    const term = (q.q ?? '').trim()
    if (term !== '') {
      // any id: a request_id, else an inventory_id or a system_id
      const one = await index.get(term)
      const byInventory = await index.payloads({ ...query, filters: { ...query.filters, inventory_id: term } })
      const bySystem = await index.payloads({ ...query, filters: { ...query.filters, system_id: term } })
      found = [...(one ? [one] : []), ...byInventory.items, ...bySystem.items]
      total = found.length
    } else {
      const answer = await index.payloads(query)
      found = answer.items
      total = answer.count
    }
    if (q.errors === 'on') {
      const failed = await index.statuses({ page: 0, pageSize: 10_000, sortDir: 'desc', sortBy: 'created_at', filters: { status: 'error' }, date: {}, createdAt: query.createdAt })
      const ids = new Set(failed.items.map((s) => s.request_id))
      found = found.filter((p) => ids.has(p.request_id))
      total = found.length
    }
    const rows = found.map((p) => `<tr><td><a href="${esc(payloadHrefs.payload(p.request_id))}">${esc(p.request_id)}</a></td>` +
      `<td>${esc(p.account ?? '')}</td><td class="pl-optional">${esc(p.org_id ?? '')}</td><td class="pl-optional">${esc(p.inventory_id ?? '')}</td>` +
      `<td>${esc(new Date(p.created_at).toISOString().replace('T', ' ').slice(0, 19))}</td></tr>`).join('\n')
    return html(c, 'Payloads', undefined, `
<h1>Payloads</h1>
<form class="pl-search" method="get" action="${payloadHrefs.list}">
<label>Any id<input name="q" value="${esc(term)}" placeholder="request_id, inventory_id, system_id"></label>
<label>Account<input name="account" value="${esc(q.account ?? '')}"></label>
<label>Since<input name="since" value="${esc(q.since ?? '')}" placeholder="1h" size="5"></label>
<label><span><input type="checkbox" name="errors" ${q.errors === 'on' ? 'checked' : ''}> errors only</span></label>
<button type="submit">Search</button>
</form>
${problems.map((p) => `<p class="pl-status-error">${esc(p)}</p>`).join('')}
<p>${total === 0 ? 'No payloads match.' : `${total} payload${total === 1 ? '' : 's'}${total > found.length ? `, the newest ${found.length} shown` : ''}.`}</p>
<div class="pl-wrap"><table class="pl-table"><thead><tr><th>request_id</th><th>account</th><th class="pl-optional">org_id</th><th class="pl-optional">inventory_id</th><th>first seen</th></tr></thead>
<tbody>${rows}</tbody></table></div>`)
  })

  app.get(`${payloadHrefs.list}/services/:service`, async (c) => {
    const service = c.req.param('service').toLowerCase()
    const { items } = await index.statuses({ page: 0, pageSize: Number.MAX_SAFE_INTEGER, sortDir: 'asc', sortBy: 'date', filters: { service }, date: { gte: now() - 7 * 86_400_000 }, createdAt: {} })
    const hours = serviceHours(items)
    const rows = hours.map((h) => `<tr><td>${esc(new Date(h.hour).toISOString().replace('T', ' ').slice(0, 16))}</td><td>${h.payloads}</td>` +
      `<td>${h.rate === undefined ? '—' : `${h.rate}%`}</td><td>${h.p50 === undefined ? '—' : esc(formatDuration(h.p50))}</td><td>${h.p90 === undefined ? '—' : esc(formatDuration(h.p90))}</td></tr>`).join('\n')
    return html(c, `${service} · payloads`, undefined, `
<p><a href="${payloadHrefs.list}">Payloads</a></p>
<h1>${esc(service)}</h1>
<p>The last 7 days, hour by hour: payloads it took, the part of its stays that ended in success, and its time in service (received to success or error).</p>
${hours.length === 0 ? '<p>No statuses from this service in the last 7 days.</p>' : `<div class="pl-wrap"><table class="pl-table"><thead><tr><th>hour (UTC)</th><th>payloads</th><th>success</th><th>p50</th><th>p90</th></tr></thead><tbody>${rows}</tbody></table></div>`}`)
  })

  app.get(`${payloadHrefs.list}/:id`, async (c) => {
    const id = c.req.param('id')
    const derived = derive(id, await store.messages(context, id))
    if (derived === undefined) {
      return html(c, 'No such payload', undefined, `<p><a href="${payloadHrefs.list}">Payloads</a></p><h1>No payload ${esc(id)}</h1>
<p>No status message has named this request_id. <a href="${payloadHrefs.list}?q=${encodeURIComponent(id)}">Search for it as another id</a>.</p>`, 404)
    }
    const { record, statuses } = derived
    const sorted = [...statuses].sort((a, b) => a.date - b.date)
    const d = durations(statuses)
    const attrs = (['account', 'org_id', 'inventory_id', 'system_id'] as const).filter((f) => record[f] !== undefined)
      .map((f) => `<dt>${f}</dt><dd>${esc(record[f]!)}</dd>`).join('')
    return html(c, `Payload ${id}`, id, `
<p><a href="${payloadHrefs.list}">Payloads</a></p>
<h1 class="pl-id">${esc(id)}</h1>
<p><a href="${esc(hrefs.chart(context, id))}">Gantt chart</a> · in services ${esc(d.total_time_in_services!)}, total ${esc(d.total_time!)}</p>
${attrs === '' ? '' : `<dl class="pl-attrs">${attrs}</dl>`}
${bars(sorted)}
<p class="pl-wrap"><a href="${esc(hrefs.chart(context, id))}"><img class="pl-gantt" src="${esc(hrefs.chartSvg(context, id))}" alt="the Gantt chart of ${esc(id)}"></a></p>
<div class="pl-wrap"><table class="pl-table"><thead><tr><th>date</th><th>service</th><th class="pl-optional">source</th><th>status</th><th>message</th></tr></thead><tbody>
${sorted.map((s) => `<tr><td>${esc(new Date(s.date).toISOString().replace('T', ' ').slice(0, 23))}</td><td><a href="${esc(payloadHrefs.service(s.service))}">${esc(s.service)}</a></td>` +
  `<td class="pl-optional">${esc(s.source ?? '')}</td><td class="pl-status-${esc(s.status)}">${esc(s.status)}</td><td>${esc(s.status_msg ?? '')}</td></tr>`).join('\n')}
</tbody></table></div>`)
  })
}

/** A bar per service:source across the payload's time, coloured by how its stay ended. */
function bars(statuses: readonly StatusRow[]): string {
  const first = statuses[0]!.date
  const span = Math.max(1, statuses[statuses.length - 1]!.date - first)
  const stays = new Map<string, { from: number; to: number; ended?: string }>()
  for (const s of statuses) {
    const key = s.source === undefined ? s.service : `${s.service}:${s.source}`
    const stay = stays.get(key) ?? { from: s.date, to: s.date }
    stay.to = Math.max(stay.to, s.date)
    if (s.status === 'success' || s.status === 'error') stay.ended = s.status
    stays.set(key, stay)
  }
  const rows = [...stays].map(([key, stay]) => {
    const kind = stay.ended === 'success' ? 'pl-success' : stay.ended === 'error' ? 'pl-error' : 'pl-there'
    const word = stay.ended === 'success' ? 'success' : stay.ended === 'error' ? 'error' : 'still there'
    const left = ((stay.from - first) / span) * 100
    const width = ((stay.to - stay.from) / span) * 100
    // SVG attributes, not style attributes: the Content-Security-Policy allows no inline style but the page's own
    return `<span>${esc(key)}</span><svg class="pl-track" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${esc(key)}: ${word}">` +
      `<rect class="${kind}" x="${left.toFixed(2)}" width="${Math.max(0.6, width).toFixed(2)}" height="10"><title>${word}</title></rect></svg>` +
      `<span>${esc(formatDuration(stay.to - stay.from))} ${word}</span>`
  })
  return `<div class="pl-bars">${rows.join('\n')}</div>`
}

function html(c: Context, title: string, payload: string | undefined, body: string, status: 200 | 404 = 200) {
  const start = pageStart({ title, scriptHref: payloadHrefs.script }).replace('<body>', payload === undefined ? '<body>' : `<body data-payload="${esc(payload)}">`)
  return c.html(`${start.replace('</head>', `<style>${PAYLOAD_CSS}</style>\n</head>`)}<main>${body}</main>\n${pageEnd}`, status)
}
