// CORS for servicegraph's frontend served from another site: its origin is answered, with credentials, only
// when --allow-origin names it (the same list that lets its pages write: request-origin.ts refuses the others).

import type { Hono } from 'hono'

export function allowFrontend(app: Hono, paths: readonly string[], origins: readonly string[] = []): void {
  const allowed = new Set(origins)
  for (const path of paths) {
    app.use(path, async (c, next) => {
      const origin = c.req.header('origin')
      if (origin === undefined || !allowed.has(origin)) return next()
      if (c.req.method === 'OPTIONS') {
        return c.body(null, 204, {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': c.req.header('access-control-request-headers') ?? 'content-type',
          'access-control-max-age': '600',
          vary: 'origin',
        })
      }
      await next()
      c.res.headers.set('access-control-allow-origin', origin)
      c.res.headers.set('access-control-allow-credentials', 'true')
      c.res.headers.append('vary', 'origin')
    })
  }
}
