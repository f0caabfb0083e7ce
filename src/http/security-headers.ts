// Headers every answer carries, so that a page of the collector cannot be turned against its reader: a
// Content-Security-Policy that runs only the collector's own script and styles (inline stylesheets by hash,
// those the facets name), no framing, no content-type sniffing, no URL leaked to other sites.

import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'

/** The policy for pages whose inline stylesheets are `styles` (each facet names its own). */
export function contentSecurityPolicy(styles: readonly string[]): string {
  const hashes = styles.map((css) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`)
  return `default-src 'self'; style-src 'self' ${hashes.join(' ')}; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`
}

export function securityHeaders(styles: readonly string[]): MiddlewareHandler {
  const policy = contentSecurityPolicy(styles)
  return async (c, next) => {
    await next()
    const h = c.res.headers
    h.set('content-security-policy', policy)
    h.set('x-content-type-options', 'nosniff')
    h.set('x-frame-options', 'DENY')
    h.set('referrer-policy', 'same-origin')
  }
}
