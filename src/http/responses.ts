// JSON answers: HAL documents for the read API (as the original upto), and errors of one shape. A browser
// that asks for a page and gets a 404 or 400 gets it as an HTML page instead (error-page.ts).

import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type ErrorCode as UptoErrorCode, UptoError } from '../core/errors.ts'
import { type ErrorHints, renderErrorPage, wantsHtml } from './error-page.ts'

export type { ErrorHints } from './error-page.ts'

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

/** A 404 or 400 with what its HTML page offers: the closest names, the parameter to drop, pages to go back to. */
export class RequestError extends UptoError {
  override name = 'RequestError'
  readonly hints: ErrorHints

  constructor(code: 'not_found' | 'usage', message: string, hints: ErrorHints = {}) {
    super(code, message)
    this.hints = hints
  }
}

/** Answers an UptoError thrown by a handler, by its code. */
export function failWith(c: Context, error: UptoError): Response {
  const [status, code] = answers[error.code]
  return fail(c, status, code, error.message, error instanceof RequestError ? error.hints : undefined)
}

export interface ErrorBody {
  error: ErrorCode
  message: string
}

export function hal(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/hal+json; charset=utf-8' })
}

export function fail(c: Context, status: ContentfulStatusCode, error: ErrorCode, message: string, hints?: ErrorHints): Response {
  if ((status === 404 || status === 400) && c.req.method === 'GET' && wantsHtml(c.req.path, c.req.header('accept'))) {
    const url = new URL(c.req.url)
    const page = renderErrorPage(status, message, url.pathname + url.search, hints)
    return c.body(page, status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  }
  return c.json({ error, message } satisfies ErrorBody, status)
}

/** Thrown by handlers to answer 404 or 400 from deep inside; answered by the app (failWith). */
export const notFound = (message: string, hints?: ErrorHints) => new RequestError('not_found', message, hints)
export const badRequest = (message: string, hints?: ErrorHints) => new RequestError('usage', message, hints)
