// The services as web pages:
//   GET /services                 every service: state, gid, host, last seen, uptime, required or optional; live
//   GET /services/table           the table alone, what the page's script fetches again every 2 s
//   GET /services/:gid            one service: its history of states, its runtime figures, its configuration
//   GET /assets/services.js       that script
// Works at 420 px wide: the table scrolls sideways inside its box, the rest wraps.

import type { Hono } from 'hono'
import { escapeHtml as esc } from '../../render/escape.ts'
import { hrefs } from '../../render/hrefs.ts'
import { pageEnd, pageStart } from '../../render/web-shell.ts'
import type { ServiceView, ServicesAnswer } from './model/view.ts'
import { serviceView } from './model/view.ts'
import { shortDuration } from './model/short-duration.ts'
import { servicesAnswer, type WatchdogRouteDeps } from './routes.ts'
import { timelineId } from './watchdog.ts'

export const servicesPageHref = '/services'
const tableHref = '/services/table'
const scriptHref = '/assets/services.js'

export const SERVICES_CSS = `
.svc-wrap{overflow-x:auto;max-width:100%}
.svc-table{border-collapse:collapse;min-width:100%}
.svc-table th,.svc-table td{padding:.25em .6em;text-align:left;white-space:nowrap;border-bottom:1px solid #e4e7eb}
.svc-state{font-weight:600;border-radius:3px;padding:0 .35em}
.svc-active{color:#fff;background:#3f9142}
.svc-onboarding,.svc-onboarded{color:#fff;background:#2680c2}
.svc-inactive{color:#222;background:#f7c948}
.svc-lost{color:#fff;background:#d64545}
.svc-stopped,.svc-archived,.svc-missing{color:#fff;background:#7b8794}
.svc-alert{color:#d64545;font-weight:600}
.svc-figures{display:flex;flex-wrap:wrap;gap:1em}
.svc-figures>div{min-width:0;max-width:100%}
.svc-figures pre{max-width:100%;overflow:auto;background:#f4f6f8;padding:.5em;margin:0}
`

export const SERVICES_SCRIPT = `(() => {
  const table = document.getElementById('services-table')
  if (!table) return
  let busy = false
  async function refresh() {
    if (busy || document.hidden) return
    busy = true
    try {
      const answer = await fetch(table.dataset.src, { headers: { accept: 'text/html' } })
      if (answer.ok) {
        table.innerHTML = await answer.text()
        table.dataset.updated = new Date().toISOString()
      }
    } catch {
      // the collector is away for a moment: the next tick tries again
    } finally {
      busy = false
    }
  }
  setInterval(refresh, Number(table.dataset.every || 2000))
})()
`

const stateBadge = (state: string) => `<span class="svc-state svc-${esc(state)}">${esc(state)}</span>`

const ago = (iso: string, now: number) => `${shortDuration((now - Date.parse(iso)) / 1000)} ago`

export function renderServicesTable(answer: ServicesAnswer): string {
  const now = Date.parse(answer.now)
  const alert = answer.required_down === 0 ? '' : `<p class="svc-alert">${answer.required_down} required service${answer.required_down === 1 ? ' is' : 's are'} not active</p>`
  const row = (v: ServiceView) => `<tr><td>${stateBadge(v.state)}</td><td><a href="${servicesPageHref}/${encodeURIComponent(v.gid)}">${esc(v.gid)}</a></td>`
    + `<td>${esc(v.name)}</td><td>${esc(v.host)}</td><td>${esc(ago(v.last_seen, now))}</td><td>${v.uptime === undefined ? '' : esc(shortDuration(v.uptime))}</td>`
    + `<td>${esc(v.necessity ?? (v.unexpected === true ? 'unexpected' : ''))}</td></tr>`
  const missingRows = answer.missing.map((m) => `<tr><td>${stateBadge('missing')}</td><td>${esc(m.expected)}</td><td></td><td></td><td>never</td><td></td><td>${esc(m.necessity)}</td></tr>`)
  if (answer.services.length === 0 && answer.missing.length === 0) return '<p>No service has onboarded yet.</p>'
  return `${alert}<div class="svc-wrap"><table class="svc-table"><thead><tr><th>state</th><th>gid</th><th>name</th><th>host</th><th>last seen</th><th>uptime</th><th>necessity</th></tr></thead>`
    + `<tbody>${answer.services.map(row).join('')}${missingRows.join('')}</tbody></table></div>`
}

export function renderServicePage(v: ServiceView, now: number): string {
  const facts: Array<[string, string | undefined]> = [
    ['name', v.name], ['type', v.type], ['host', v.host], ['location', v.location], ['room', v.room], ['device', v.device],
    ['session', String(v.session)], ['necessity', v.necessity], ['via', v.via], ['since', v.since], ['last seen', `${v.last_seen} (${ago(v.last_seen, now)})`],
    ['uptime', v.uptime === undefined ? undefined : shortDuration(v.uptime)],
  ]
  const history = [...v.history].reverse().map((h) => `<tr><td>${esc(h.at)}</td><td>${stateBadge(h.state)}</td><td>${esc(h.why)}</td></tr>`).join('')
  const json = (value: unknown) => `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`
  return servicesPageStart({ title: `service ${v.gid}` })
    + `<p><a href="${servicesPageHref}">services</a></p><h1>${esc(v.gid)} ${stateBadge(v.state)}</h1>
<dl>${facts.filter(([, value]) => value !== undefined && value !== '').map(([k, value]) => `<dt>${esc(k)}</dt><dd>${esc(value!)}</dd>`).join('')}</dl>
<h2>History</h2><div class="svc-wrap"><table class="svc-table"><thead><tr><th>at</th><th>state</th><th>why</th></tr></thead><tbody>${history}</tbody></table></div>
<div class="svc-figures"><div><h2>Runtime</h2>${v.runtime === undefined ? '<p>none sent yet</p>' : json(v.runtime)}</div>
<div><h2>Configuration</h2>${v.config === undefined ? '<p>none sent yet</p>' : json(v.config)}</div></div>
` + pageEnd
}

/** The shell's start with this facet's stylesheet (allowed by the CSP: it is in the facet's styles). */
function servicesPageStart(options: Parameters<typeof pageStart>[0]): string {
  return pageStart(options).replace('</head>', `<style>${SERVICES_CSS}</style>\n</head>`)
}

export function addServicesPage(app: Hono, deps: WatchdogRouteDeps & { context: string }): void {
  const answer = () => servicesAnswer(deps.watchdog, deps.expected, deps.now())
  app.get(servicesPageHref, (c) => c.html(servicesPageStart({ title: 'services', scriptHref })
    + `<h1>Services</h1>\n<div id="services-table" data-src="${tableHref}" data-every="2000">${renderServicesTable(answer())}</div>
<p>Every state change is also on the <a href="${esc(hrefs.chart(deps.context, timelineId))}">${esc(deps.context)}</a> timeline, beside deploys.</p>\n` + pageEnd))
  app.get(tableHref, (c) => c.html(renderServicesTable(answer()), 200, { 'cache-control': 'no-store' }))
  app.get(`${servicesPageHref}/:gid`, (c) => {
    const service = deps.watchdog.get(c.req.param('gid'))
    if (service === undefined) return c.html(pageStart({ title: 'no such service' }) + `<p>No service ${esc(c.req.param('gid'))}. <a href="${servicesPageHref}">All services</a></p>` + pageEnd, 404)
    return c.html(renderServicePage(serviceView(service, deps.now()), deps.now()))
  })
  app.get(scriptHref, (c) => c.body(SERVICES_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }))
}
