// The watchdog over HTTP, for services without MQTT, and its API:
//   POST /api/services/onboard          an onboarding request (onboarding-topic may be left out): the response
//   POST /api/services/:gid/ping        a ping {session, service-uptime?}; also /runtime, /config, /logger
//   POST /api/services/:gid/end         {session, reason?: "agent"}: stopped
//   POST /api/services/command          {request, gid?}: a command over MQTT to one service or all
//   GET  /api/services                  every service (archived ones with ?archived=1), the expected ones missing
//   GET  /api/services/:gid             one service, with its history, runtime and configuration
// A refusal is 400 (422 for a shape, with the reason); an unknown gid or another session is 409 with the
// reonboarding request an MQTT service would get.

import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { missing, requiredDown } from './model/expected.ts'
import { activityKinds, commandMessage, isRefusal, parseObject, readActivity, readCommand, readOnboardingRequest, type ActivityKind, type Refusal } from './model/messages.ts'
import type { ExpectedService } from './model/types.ts'
import { byImportance, missingView, serviceView, type ServicesAnswer } from './model/view.ts'
import type { MqttLink } from './mqtt-link.ts'
import type { Watchdog } from './watchdog.ts'

export interface WatchdogRouteDeps {
  watchdog: Watchdog
  expected: readonly ExpectedService[]
  now: () => number
  mqtt: () => MqttLink | undefined
  refused: (reason: Refusal['refused']) => void
}

const MAX_BODY = 1024 * 1024

export function servicesAnswer(watchdog: Watchdog, expected: readonly ExpectedService[], now: number, archived = false): ServicesAnswer {
  const all = watchdog.services()
  return {
    services: all.filter((s) => archived || s.state !== 'archived').map((s) => serviceView(s, now, false)).sort(byImportance),
    missing: missing(expected, all).map(missingView),
    required_down: requiredDown(expected, all),
    now: new Date(now).toISOString(),
  }
}

export function addWatchdogRoutes(app: Hono, deps: WatchdogRouteDeps): void {
  const { watchdog, now } = deps

  async function body(c: Context): Promise<Record<string, unknown> | Response> {
    const text = await c.req.text()
    if (text.length > MAX_BODY) return refusal(c, { refused: 'shape', detail: `the body is over ${MAX_BODY} bytes` }, 413)
    const value = parseObject(text === '' ? '{}' : text)
    return isRefusal(value) ? refusal(c, value) : value
  }

  function refusal(c: Context, r: Refusal, status?: ContentfulStatusCode): Response {
    deps.refused(r.refused)
    const code = status ?? (r.refused === 'malformed' || r.refused === 'protocol_version' ? 400 : r.refused === 'unexpected' ? 403 : 422)
    return c.json({ error: 'bad_request', reason: r.refused, message: r.detail }, code)
  }

  app.post('/api/services/onboard', async (c) => {
    const value = await body(c)
    if (value instanceof Response) return value
    const request = readOnboardingRequest({ 'onboarding-topic': 'http', ...value })
    if (isRefusal(request)) return refusal(c, request)
    const answer = watchdog.onboard(request, 'http')
    if (!answer.ok) return c.json({ error: 'forbidden', reason: answer.refusal.refused, message: answer.refusal.detail }, 403)
    return c.json(answer.response)
  })

  app.post('/api/services/command', async (c) => {
    const value = await body(c)
    if (value instanceof Response) return value
    const command = readCommand(value)
    if (isRefusal(command)) return refusal(c, command)
    const link = deps.mqtt()
    if (link === undefined) return c.json({ error: 'unavailable', message: 'the watchdog speaks no MQTT: start the collector with --mqtt URL (or [watchdog] mqtt = "…")' }, 503)
    await link.command(command.request, command.gid)
    return c.json({ sent: command })
  })

  app.post('/api/services/:gid/:kind', async (c) => {
    const gid = c.req.param('gid')
    const kind = c.req.param('kind') as ActivityKind
    if (!activityKinds.includes(kind)) return c.json({ error: 'not_found', message: `no activity "${kind}": expected ${activityKinds.join(', ')}` }, 404)
    const value = await body(c)
    if (value instanceof Response) return value
    const activity = readActivity(kind, { gid, ...(kind === 'end' ? { reason: 'agent' } : {}), ...value }, gid)
    if (isRefusal(activity)) return refusal(c, activity)
    const outcome = watchdog.activity(activity)
    if (!outcome.ok) return c.json({ ...commandMessage('reonboarding', gid), reason: outcome.refusal.refused, message: outcome.refusal.detail }, 409)
    return c.json({ gid, session: outcome.service.session, state: outcome.service.state })
  })

  app.get('/api/services', (c) => c.json(servicesAnswer(watchdog, deps.expected, now(), c.req.query('archived') === '1')))

  app.get('/api/services/:gid', (c) => {
    const service = watchdog.get(c.req.param('gid'))
    if (service === undefined) return c.json({ error: 'not_found', message: `no service ${c.req.param('gid')}: see GET /api/services` }, 404)
    return c.json(serviceView(service, now()))
  })
}
