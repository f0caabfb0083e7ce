// Who may write and who may read over HTTP. --token guards writes (every method but GET, HEAD and
// OPTIONS: POST /api/events), --read-token guards reads (every GET: API, pages, server-sent events,
// the pages' script, /metrics); the write token reads too. A token comes as `Authorization: Bearer T`,
// or as the password of Basic credentials (any user name): what a browser sends after its prompt.
// Tokens are compared in constant time (hashes of equal length, timingSafeEqual).

import { createHash, timingSafeEqual } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import type { Logger } from '../pipeline/log.ts'
import { fail } from './responses.ts'

export interface AccessTokens {
  /** Needed to write; undefined: anyone who reaches the port may write. */
  write?: string | undefined
  /** Needed to read; undefined: anyone who reaches the port may read. */
  read?: string | undefined
}

const reads = new Set(['GET', 'HEAD', 'OPTIONS'])

/** `open`: the writes that need no token (open-writes.ts). */
export function requireTokens(tokens: AccessTokens, log?: Logger, now: () => number = Date.now, open?: (c: Context) => boolean): MiddlewareHandler {
  const write = tokens.write === undefined ? undefined : digest(tokens.write)
  const read = tokens.read === undefined ? undefined : digest(tokens.read)
  const warn = refusalLog(log, now)
  return async (c, next) => {
    const isRead = reads.has(c.req.method)
    if (isRead ? read === undefined : write === undefined) return next()
    if (!isRead && open?.(c) === true) return next()
    const given = presented(c.req.header('authorization'))
    const what = `${c.req.method} ${c.req.path}`
    if (given === undefined) {
      warn('no token')
      return refuse(c, 401, 'unauthorized', `${what} needs a token: send Authorization: Bearer and the collector's ${isRead ? '--read-token (or --token)' : '--token'}`, isRead)
    }
    const hash = digest(given)
    if (write !== undefined && timingSafeEqual(hash, write)) return next()
    if (isRead && read !== undefined && timingSafeEqual(hash, read)) return next()
    if (!isRead && read !== undefined && timingSafeEqual(hash, read)) {
      warn('a read token used to write')
      return refuse(c, 403, 'forbidden', `${what} needs the collector's --token: the token sent may only read`, false)
    }
    warn('a wrong token')
    return refuse(c, 401, 'unauthorized', `${what}: the token sent is not the collector's ${isRead ? '--read-token or --token' : '--token'}`, isRead)
  }
}

/** The token of an Authorization header: Bearer, or the password of Basic; undefined when there is none. */
export function presented(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const space = header.indexOf(' ')
  if (space < 0) return undefined
  const scheme = header.slice(0, space).toLowerCase()
  const value = header.slice(space + 1).trim()
  if (scheme === 'bearer') return value === '' ? undefined : value
  if (scheme !== 'basic') return undefined
  const decoded = Buffer.from(value, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 || colon === decoded.length - 1 ? undefined : decoded.slice(colon + 1)
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

function refuse(c: Context, status: 401 | 403, code: 'unauthorized' | 'forbidden', message: string, browserPrompt: boolean): Response {
  if (status === 401) {
    // Basic lets a browser ask for the read token (as the password) and send it with every page, script and stream
    const challenges = browserPrompt ? ['Bearer realm="upto"', 'Basic realm="upto", charset="UTF-8"'] : ['Bearer realm="upto"']
    // One header line per challenge: Chromium reads only the first challenge of a line, and a Response's
    // Headers join repeated names into one line. Node's own response keeps them apart.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
    if (outgoing !== undefined) outgoing.setHeader('www-authenticate', challenges)
    else for (const challenge of challenges) c.header('www-authenticate', challenge, { append: true })
  }
  return fail(c, status, code, message)
}

/** One log line per 10 s at most, with how many were refused meanwhile. */
function refusalLog(log: Logger | undefined, now: () => number): (why: string) => void {
  let last = -Infinity
  let hidden = 0
  return (why) => {
    const t = now()
    if (t - last < 10_000) {
      hidden++
      return
    }
    log?.warn(`refused an HTTP request with ${why}${hidden > 0 ? ` (and ${hidden} more since the last line)` : ''}`)
    last = t
    hidden = 0
  }
}
