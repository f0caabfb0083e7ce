// The delivery pages. /deployments: what version of each service runs in each environment, since when, and its
// previous versions. /dora: the four DORA figures per service and environment over the last days (?days=30).
// Both take ?env= and ?service=, and stack at 420 px.

import type { Hono } from 'hono'
import { formatDuration } from '../../core/format.ts'
import { escapeHtml as esc } from '../../render/escape.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'
import { deploymentsNow, doraNow } from './delivery.ts'
import { queryOr400 } from './delivery-routes.ts'
import { windowOf, type DeliveryQuery } from './model/query.ts'
import type { CdeventLake } from './store.ts'

export const CDEVENTS_CSS = `
.cd-filter{display:flex;flex-wrap:wrap;gap:.5em;align-items:end;margin:1em 0}
.cd-filter label{display:flex;flex-direction:column;font-size:.85em;gap:.2em}
.cd-filter input{font:inherit;padding:.3em .4em;min-width:0}
.cd-wrap{overflow-x:auto;max-width:100%}
.cd-table{border-collapse:collapse;width:100%;font-size:.9em}
.cd-table th,.cd-table td{text-align:left;padding:.25em .5em;border-bottom:1px solid #8883;overflow-wrap:anywhere;vertical-align:top}
.cd-old{color:#888;font-size:.85em}
.cd-bad{color:#d1343b;font-weight:600}
@media (max-width:480px){.cd-table .cd-optional{display:none}}
`

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')

function filterForm(action: string, q: DeliveryQuery, days: boolean): string {
  return `<form class="cd-filter" method="get" action="${action}">
<label>environment<input name="env" value="${esc(q.environment ?? '')}"></label>
<label>service<input name="service" value="${esc(q.service ?? '')}"></label>
${days ? `<label>days<input name="days" inputmode="decimal" value="${q.days}"></label>` : ''}
<button type="submit">show</button></form>`
}

export function addCdeventPages(app: Hono, { lake, now }: { lake: CdeventLake; now: () => number }): void {
  app.get('/deployments', async (c) => {
    const q = queryOr400(c)
    if (q instanceof Response) return q
    const running = await deploymentsNow(lake, q)
    const rows = running.map((r) => `<tr><td>${esc(r.environment)}</td><td>${esc(r.service)}</td><td>${esc(r.artifactId)}</td>
<td>${esc(iso(r.since))} <span class="cd-old">${esc(r.kind)}</span></td>
<td class="cd-optional">${r.history.slice(1, 6).map((d) => `<div class="cd-old">${esc(d.kind)} ${esc(d.artifactId ?? '')} ${esc(iso(d.at))}</div>`).join('')}</td></tr>`)
    const body = running.length === 0
      ? '<p>No service deployed yet: service events (deployed, upgraded, rolled back, removed) fill this page.</p>'
      : `<div class="cd-wrap"><table class="cd-table"><thead><tr><th>environment</th><th>service</th><th>version</th><th>since</th><th class="cd-optional">before</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`
    return c.html(`${pageStart({ title: 'What runs where' })}<h1>What runs where</h1>
<p><a href="/dora">DORA figures</a></p>${filterForm('/deployments', q, false)}${body}${pageEnd}`)
  })

  app.get('/dora', async (c) => {
    const q = queryOr400(c)
    if (q instanceof Response) return q
    const figures = await doraNow(lake, q, windowOf(q, now()))
    const spread = (s: { medianMs: number; count: number } | null) => (s === null ? '–' : `${esc(formatDuration(s.medianMs))} <span class="cd-old">(${s.count})</span>`)
    const rows = figures.map((f) => `<tr><td>${esc(f.environment)}</td><td>${esc(f.service)}</td>
<td>${f.deployments} <span class="cd-old">${f.deploymentsPerDay.toFixed(2)}/day</span></td><td>${spread(f.leadTime)}</td>
<td${f.failedDeployments > 0 ? ' class="cd-bad"' : ''}>${f.changeFailureRate === null ? '–' : `${(f.changeFailureRate * 100).toFixed(0)}%`} <span class="cd-old">(${f.failedDeployments})</span></td>
<td>${spread(f.timeToRestore)}</td></tr>`)
    const body = figures.length === 0
      ? '<p>No deployment in this window.</p>'
      : `<div class="cd-wrap"><table class="cd-table"><thead><tr><th>environment</th><th>service</th><th>deployments</th><th>lead time</th><th>change failure</th><th>time to restore</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`
    return c.html(`${pageStart({ title: 'DORA' })}<h1>DORA figures, last ${q.days} days</h1>
<p><a href="/deployments">What runs where</a></p>${filterForm('/dora', q, true)}${body}${pageEnd}`)
  })
}
