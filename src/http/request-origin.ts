// Who a request is for and which page sent it, checked before any route.
//
// Host: a page of another site can point its own name at 127.0.0.1 (DNS rebinding) and then read the
// collector as if it were that site; the Host header then carries that name. So a request is answered only
// when its Host is an IP address, localhost (or *.localhost), this machine's hostname, or a name the collector
// was given (--public-url). A name nobody gave it is refused (403).
//
// Origin: a browser names the page behind a write. A write (any method but GET, HEAD and OPTIONS) whose
// Origin is not the collector's own (served under the request's Host) nor listed in --allow-origin is
// refused (403), whatever its token: a browser sends Basic credentials it was given with every request.

import { isIP } from 'node:net'
import { hostname } from 'node:os'
import type { Context, MiddlewareHandler } from 'hono'
import { fail } from './responses.ts'

export interface RequestOriginRules {
  /** Host names the collector answers to besides IP addresses, localhost and the machine's name (--public-url). */
  publicHosts?: readonly string[]
  /** Origins besides the collector's own whose pages may write, like https://ci.example.com (--allow-origin). */
  allowOrigins?: readonly string[]
  /** The machine's name; os.hostname() by default. */
  machine?: string
}

const reads = new Set(['GET', 'HEAD', 'OPTIONS'])

export function checkRequestOrigin(rules: RequestOriginRules = {}): MiddlewareHandler {
  const machine = (rules.machine ?? hostname()).toLowerCase()
  const names = new Set([machine, machine.split('.')[0]!, ...(rules.publicHosts ?? []).map((h) => h.toLowerCase())])
  const origins = new Set(rules.allowOrigins ?? [])
  const known = (host: string) => isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost') || names.has(host)

  return async (c, next) => {
    const host = requestHost(c)
    const name = hostName(host)
    if (!known(name)) {
      return fail(c, 403, 'forbidden', `Host "${host}" is not a name of this collector: expected its address, localhost, or a name given with --public-url`)
    }
    if (!reads.has(c.req.method)) {
      const origin = c.req.header('origin')
      if (origin !== undefined && !origins.has(origin) && !sameOrigin(origin, host)) {
        return fail(c, 403, 'forbidden', `a write from a page of ${origin} is refused: expected a page of this collector, or an origin given with --allow-origin`)
      }
    }
    return next()
  }
}

/** The Host header, else the host of the URL (a request made in process has no header). */
function requestHost(c: Context): string {
  return (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase()
}

/** `example.com:8123` → `example.com`, `[::1]:8123` → `::1`. */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'))
  const colon = host.lastIndexOf(':')
  return colon < 0 || host.indexOf(':') !== colon ? host : host.slice(0, colon)
}

/** The page is served under the name the request was sent to (its scheme not compared: behind a TLS proxy
 * the page is https and the request the collector sees is http). */
function sameOrigin(origin: string, host: string): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false // "null" (a sandboxed page, a file), or nonsense
  }
  return url.host === host
}
