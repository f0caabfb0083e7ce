// CDEvents over HTTP:
//   POST /api/cdevents     CloudEvents, binary or structured, or a batch; CDEvents themselves (one or an array).
//                          201 once durable: {accepted, duplicates, refused: [{index, reason, detail}]};
//                          400 (problem+JSON) when every item was refused, 413 over the body limit.

import type { Context, Hono } from 'hono'
import { readBody } from '../../http/body.ts'
import { IngestFullError, StoreUnavailableError } from '../../pipeline/ingest.ts'
import { itemsOf } from './cloudevents.ts'
import type { Intake, IntakeMeta } from './intake.ts'
import { problem } from './problem.ts'

/** Larger bodies are refused: a batch of a thousand events is far below it. */
export const MAX_CDEVENTS_BODY = 8 * 1024 * 1024

export interface CdeventRouteDeps {
  intake: Intake
  now: () => number
}

export function addCdeventRoutes(app: Hono, { intake, now }: CdeventRouteDeps): void {
  app.post('/api/cdevents', async (c) => {
    const body = await readBody(c.req.raw, MAX_CDEVENTS_BODY)
    if (!body.ok) return problem(c, 413, `the body is over ${MAX_CDEVENTS_BODY} bytes`)
    return acceptInto(c, intake, itemsOf(headersOf(c), body.bytes), { received: now(), sourceName: 'http' })
  })
}

/** Request headers with lower-case names, as the cloudevents package reads them. */
export function headersOf(c: Context): Record<string, string> {
  const headers: Record<string, string> = {}
  c.req.raw.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value
  })
  return headers
}

/** Hands the items to the intake and answers: 201 when anything was taken or known, 400 when all was refused. */
export async function acceptInto(c: Context, intake: Intake, items: Parameters<Intake['accept']>[0], meta: IntakeMeta): Promise<Response> {
  try {
    const result = await intake.accept(items, meta)
    if (result.accepted === 0 && result.duplicates === 0) {
      const first = result.refused[0]
      return problem(c, 400, first === undefined ? 'no CDEvent in the body' : `${first.reason}: ${first.detail}`, { refused: result.refused })
    }
    return c.json(result, 201)
  } catch (error) {
    if (error instanceof IngestFullError || error instanceof StoreUnavailableError) {
      c.header('retry-after', '1')
      return problem(c, 503, error.message)
    }
    throw error
  }
}
