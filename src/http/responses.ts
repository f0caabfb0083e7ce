// JSON answers: HAL documents for the read API (as the original upto), and errors of one shape.

import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Stable codes of error answers. */
export type ErrorCode =
  | 'not_found' | 'bad_request' | 'unavailable' | 'store_failed' | 'internal' | 'unauthorized' | 'forbidden'

export interface ErrorBody {
  error: ErrorCode
  message: string
}

export function hal(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/hal+json; charset=utf-8' })
}

export function fail(c: Context, status: ContentfulStatusCode, error: ErrorCode, message: string): Response {
  return c.json({ error, message } satisfies ErrorBody, status)
}

/** Thrown by handlers to answer 404/400 from deep inside; turned into `fail()` by the app. */
export class HttpFailure extends Error {
  override name = 'HttpFailure'
  readonly status: 400 | 404
  readonly code: ErrorCode

  constructor(status: 400 | 404, code: ErrorCode, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

export const notFound = (message: string) => new HttpFailure(404, 'not_found', message)
export const badRequest = (message: string) => new HttpFailure(400, 'bad_request', message)
