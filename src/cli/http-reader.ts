import type { Timeline, TimelineSummary } from '../core/types.ts'
import { httpBase, type Destination } from './destination.ts'
import { CliError } from './errors.ts'
import type { ContextItem, Reader } from './reader.ts'
import { describe } from './send.ts'

/**
 * The collector's answer, once its head arrived: `timeoutMs` bounds the wait for it, not the reading of the
 * body, so a big answer is not cut off. A collector that cannot be reached is a CliError.
 */
export async function fetchHead(url: string, timeoutMs: number, headers: Record<string, string>): Promise<Response> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new DOMException('no answer in time', 'TimeoutError')), timeoutMs)
  try {
    return await fetch(url, { signal: controller.signal, headers })
  } catch (error) {
    const base = new URL(url).origin
    throw new CliError(`could not reach the collector at ${base}: ${describe(error)} (is "upto serve" running? or pass --data DIR)`)
  } finally {
    clearTimeout(timer)
  }
}

/** upto's own errors are JSON: `{ error, message }` (src/server/responses.ts). */
async function isUptoError(response: Response): Promise<boolean> {
  const body = await response.json().catch(() => undefined) as { error?: unknown; message?: unknown } | undefined
  return typeof body?.error === 'string' && typeof body.message === 'string'
}

/** Something answers HTTP there, but not as the collector does: a wrong --rh/--rp or UPTO_SERVER. */
function notUpto(base: string, seen: string): CliError {
  return new CliError(`the server at ${base} is not an upto collector (${seen}): check --rh/--rp or UPTO_SERVER`)
}

/** Reads through the collector's JSON API; `token` goes as Authorization: Bearer (a collector's --read-token or --token). */
export function httpReader(to: Destination, timeoutMs: number, token?: string): Reader {
  const base = httpBase(to)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  async function get<T>(path: string): Promise<T | undefined> {
    const url = base + path
    const response = await fetchHead(url, timeoutMs, headers)
    if (response.status === 404) {
      if (await isUptoError(response)) return undefined // an unknown context or timeline
      throw notUpto(base, `HTTP 404 for ${path}`)
    }
    if (response.status === 401 || response.status === 403) {
      const what = token ? 'does not take the token in UPTO_READ_TOKEN (or UPTO_TOKEN)' : 'needs a token to read: set UPTO_READ_TOKEN (or UPTO_TOKEN)'
      throw new CliError(`collector at ${base} ${what} (HTTP ${response.status} for ${path})`)
    }
    if (!response.ok) throw new CliError(`collector at ${base} answered HTTP ${response.status} for ${path}`)
    if (!/^application\/(hal\+)?json\b/.test(response.headers.get('content-type') ?? '')) {
      await response.body?.cancel()
      throw notUpto(base, `${response.headers.get('content-type') || 'no content type'} for ${path}`)
    }
    try {
      return (await response.json()) as T
    } catch (error) {
      throw new CliError(`collector at ${base} broke off its answer for ${path}: ${describe(error)}`)
    }
  }
  const at = (...parts: string[]) => parts.map(encodeURIComponent).join('/')
  return {
    async contexts({ limit, after, prefix }) {
      const query = new URLSearchParams({ limit: String(limit), ...(after === undefined ? {} : { after }), ...(prefix === undefined ? {} : { prefix }) })
      const answer = await get<{ contexts?: unknown; next?: string }>(`/api/contexts?${query}`)
      if (!Array.isArray(answer?.contexts)) throw notUpto(base, 'no list of contexts at /api/contexts')
      return { items: answer.contexts as ContextItem[], next: answer.next }
    },
    async timelines(context, limit) {
      const answer = await get<{ timelines: TimelineSummary[] }>(`/api/contexts/${at(context)}?limit=${limit}`)
      return answer?.timelines
    },
    async timeline(context, id) {
      return (await get<{ model: Timeline }>(`/api/contexts/${at(context, id)}`))?.model
    },
    async close() {},
  }
}
