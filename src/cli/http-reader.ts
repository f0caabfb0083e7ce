import type { Timeline, TimelineSummary } from '../core/types.ts'
import { httpBase, type Destination } from './destination.ts'
import { CliError } from './errors.ts'
import type { ContextItem, Reader } from './reader.ts'
import { describe } from './send.ts'

/** Reads through the collector's JSON API; `token` goes as Authorization: Bearer (a collector's --read-token or --token). */
export function httpReader(to: Destination, timeoutMs: number, token?: string): Reader {
  const base = httpBase(to)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  async function get<T>(path: string): Promise<T | undefined> {
    const url = base + path
    let response: Response
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers })
    } catch (error) {
      throw new CliError(
        `could not reach the collector at ${base}: ${describe(error)} (is "upto serve" running? or pass --data DIR)`,
      )
    }
    if (response.status === 404) return undefined
    if (response.status === 401 || response.status === 403) {
      const what = token ? 'does not take the token in UPTO_READ_TOKEN (or UPTO_TOKEN)' : 'needs a token to read: set UPTO_READ_TOKEN (or UPTO_TOKEN)'
      throw new CliError(`collector at ${base} ${what} (HTTP ${response.status} for ${path})`)
    }
    if (!response.ok) throw new CliError(`collector at ${base} answered HTTP ${response.status} for ${path}`)
    return (await response.json()) as T
  }
  const at = (...parts: string[]) => parts.map(encodeURIComponent).join('/')
  return {
    async contexts({ limit, after, prefix }) {
      const query = new URLSearchParams({ limit: String(limit), ...(after === undefined ? {} : { after }), ...(prefix === undefined ? {} : { prefix }) })
      const answer = await get<{ contexts: ContextItem[]; next?: string }>(`/api/contexts?${query}`)
      return { items: answer?.contexts ?? [], next: answer?.next }
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
