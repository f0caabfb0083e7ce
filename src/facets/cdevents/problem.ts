// Errors as problem+JSON (RFC 9457), as cdviz-collector answers them: title, status, detail.

import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

const titles: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 413: 'Payload Too Large', 503: 'Service Unavailable',
}

export function problem(c: Context, status: ContentfulStatusCode, detail: string, extra: Record<string, unknown> = {}): Response {
  return c.body(JSON.stringify({ title: titles[status] ?? 'Error', status, detail, ...extra }), status, { 'content-type': 'application/problem+json' })
}
