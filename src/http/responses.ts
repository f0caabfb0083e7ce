// JSON answers: HAL documents for the read API (as the original upto), and errors of one shape.

import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type ErrorCode as UptoErrorCode, UptoError } from '../core/errors.ts'

/** Stable codes of error answers. */
export type ErrorCode =
  | 'not_found' | 'bad_request' | 'unavailable' | 'store_failed' | 'internal' | 'unauthorized' | 'forbidden'

/** The HTTP answer to each code of an UptoError: the one table. */
const answers: Readonly<Record<UptoErrorCode, [ContentfulStatusCode, ErrorCode]>> = {
  usage: [400, 'bad_request'],
  failure: [500, 'internal'],
  not_found: [404, 'not_found'],
  unavailable: [503, 'unavailable'],
  store_locked: [503, 'unavailable'],
  store_corrupt: [500, 'store_failed'],
  store_unreadable: [500, 'store_failed'],
  conflict: [500, 'internal'],
  listen: [500, 'internal'],
}

/** Answers an UptoError thrown by a handler, by its code. */
export function failWith(c: Context, error: UptoError): Response {
  const [status, code] = answers[error.code]
  return fail(c, status, code, error.message)
}

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

/** Thrown by handlers to answer 404 or 400 from deep inside; answered by the app (failWith). */
export const notFound = (message: string) => new UptoError('not_found', message)
export const badRequest = (message: string) => new UptoError('usage', message)
