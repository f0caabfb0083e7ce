// Named webhooks, as cdviz-collector's: `[sources.NAME] type = "webhook"` receives at POST /webhook/ID, checks
// the request's headers (rules.ts), and hands the body to its format: one that takes its messages itself
// (cdevents) or upto's own. Answers, errors as problem+JSON (title, status, detail):
//   201 taken (durable)    400 bad JSON, or no item of the body could be taken    401 a missing header or a bad
//   signature    403 a header with a wrong value    404 no webhook of that id    413 over max_body
//   503 the collector cannot store now (Retry-After)

import type { Context, Hono } from 'hono'
import { readBody } from '../../http/body.ts'
import { IngestFullError, StoreUnavailableError } from '../../pipeline/ingest.ts'
import type { Format } from '../../pipeline/formats.ts'
import type { RunningSource, SourceContext, SourceType } from '../types.ts'
import { checkRules } from './rules.ts'
import { readWebhookOptions, WebhookSettingsError, webhookSettings, type WebhookOptions } from './settings.ts'

interface Hook {
  name: string
  options: WebhookOptions
  format: Format
  context: SourceContext
}

/** The webhooks of each app: the route is made once, each source adds its id. */
const hooksOf = new WeakMap<Hono, Map<string, Hook>>()

const titles: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 413: 'Payload Too Large', 503: 'Service Unavailable' }

function problem(c: Context, status: 400 | 401 | 403 | 404 | 413 | 503, detail: string, extra: Record<string, unknown> = {}): Response {
  return c.body(JSON.stringify({ title: titles[status], status, detail, ...extra }), status, { 'content-type': 'application/problem+json' })
}

export const webhookSource: SourceType = {
  type: 'webhook',
  settings: webhookSettings,
  async start(raw, context): Promise<RunningSource> {
    const options = readWebhookOptions(context.name, raw)
    const format = context.formats.get(options.format)
    if (format === undefined) throw new WebhookSettingsError(`[sources.${context.name}] format "${options.format}" is not known: expected one of ${context.formats.names().join(', ')}`)
    let hooks = hooksOf.get(context.app)
    if (hooks === undefined) {
      const made = new Map<string, Hook>()
      hooks = made
      hooksOf.set(context.app, made)
      const counted = context.metrics.counter('webhook_requests', 'Webhook requests by source and answer: taken, or refused as bad_body, unauthorized, forbidden, too_large.')
      context.app.post('/webhook/:id', (c) => receive(c, made.get(c.req.param('id')), counted))
    }
    if (hooks.has(options.id)) throw new WebhookSettingsError(`[sources.${context.name}] id "${options.id}" is the id of [sources.${hooks.get(options.id)!.name}] too: each webhook needs its own`)
    hooks.set(options.id, { name: context.name, options, format, context })
    const registered = hooks
    return { close: async () => void registered.delete(options.id) }
  },
}

async function receive(c: Context, hook: Hook | undefined, counted: (reason: string) => void): Promise<Response> {
  if (hook === undefined) return problem(c, 404, `no webhook ${JSON.stringify(c.req.param('id'))}`)
  const { options, format, context } = hook
  const length = Number(c.req.header('content-length') ?? '0')
  if (length > options.maxBody) {
    counted(`${hook.name}:too_large`)
    return problem(c, 413, `the body is over ${options.maxBody} bytes`)
  }
  const body = await readBody(c.req.raw, options.maxBody)
  if (!body.ok) {
    counted(`${hook.name}:too_large`)
    return problem(c, 413, `the body is over ${options.maxBody} bytes`)
  }
  const headers: Record<string, string> = {}
  c.req.raw.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value
  })
  const failure = checkRules(options.rules, headers, body.bytes)
  if (failure !== undefined) {
    counted(`${hook.name}:${failure.status === 401 ? 'unauthorized' : 'forbidden'}`)
    context.log.limited('warn', `${hook.name} refused`, `${hook.name}: webhook request refused (${failure.status}): ${failure.detail}`)
    return problem(c, failure.status, failure.detail)
  }
  const received = context.now()
  try {
    if (format.take !== undefined) {
      const taken = await format.take(body.bytes, { received, contentType: headers['content-type'], source: hook.name, headers })
      if (taken.accepted === 0 && taken.duplicates === 0) {
        counted(`${hook.name}:bad_body`)
        const first = taken.refused[0]
        return problem(c, 400, first === undefined ? 'nothing in the body' : `${first.reason}: ${first.detail}`, { refused: taken.refused })
      }
      counted(`${hook.name}:taken`)
      return c.json(taken, 201)
    }
    const decoded = format.decode(body.bytes, { received, contentType: headers['content-type'] })
    if (decoded.events.length === 0) {
      context.deliver.push(decoded)
      counted(`${hook.name}:bad_body`)
      return problem(c, 400, decoded.refused[0] === undefined ? 'nothing in the body' : `${decoded.refused[0].reason}: ${decoded.refused[0].detail}`, { refused: decoded.refused })
    }
    await context.deliver.submit(decoded)
    counted(`${hook.name}:taken`)
    return c.json({ accepted: decoded.events.length, refused: decoded.refused }, 201)
  } catch (error) {
    if (error instanceof IngestFullError || error instanceof StoreUnavailableError) {
      c.header('retry-after', '1')
      return problem(c, 503, error.message)
    }
    throw error
  }
}
