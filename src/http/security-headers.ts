// Headers every answer carries, so that a page of the collector cannot be turned against its reader: a
// Content-Security-Policy that runs only the collector's own script and styles (inline stylesheets by hash,
// inline-styles.ts), no framing, no content-type sniffing, no URL leaked to other sites.

import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { inlineStyles } from '../render/inline-styles.ts'

const hashes = inlineStyles.map((css) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`)

export const contentSecurityPolicy =
  `default-src 'self'; style-src 'self' ${hashes.join(' ')}; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const h = c.res.headers
    h.set('content-security-policy', contentSecurityPolicy)
    h.set('x-content-type-options', 'nosniff')
    h.set('x-frame-options', 'DENY')
    h.set('referrer-policy', 'same-origin')
  }
}
