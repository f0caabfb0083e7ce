// The agent's requests to the collector: JSON bodies to a route under --collector, with --token as a Bearer.

import type { PostAnswer } from './forwarder.ts'

/** `route` under the collector's URL, which may carry a path prefix (a collector behind a proxy). */
export function collectorUrl(collector: URL, route: string): URL {
  const base = collector.href.endsWith('/') ? collector.href : `${collector.href}/`
  return new URL(route.replace(/^\//, ''), base)
}

export function postJson(url: URL, token: string | undefined, timeoutMs = 30_000) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  return async (body: string, signal?: AbortSignal): Promise<PostAnswer> => {
    const timeout = AbortSignal.timeout(timeoutMs)
    const response = await fetch(url, { method: 'POST', headers, body, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) })
    return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') }
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
