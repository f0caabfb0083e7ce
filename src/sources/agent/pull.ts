// One pull from an upto agent (proto/agent-pull.md): GET /pull answers a batch and its cursor, or 204 when the
// agent holds nothing; POST /ack?cursor= once the batch is durable here.

export interface PulledBatch {
  bytes: Uint8Array
  contentType: string | undefined
  cursor: string
}

export class AgentAnswerError extends Error {
  override name = 'AgentAnswerError'
}

function headers(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` }
}

/** The oldest events the agent holds, or undefined when it holds none. */
export async function pullBatch(base: URL, max: number, token: string | undefined, signal: AbortSignal): Promise<PulledBatch | undefined> {
  const url = new URL(`pull?max=${max}`, base)
  const response = await fetch(url, { headers: headers(token), signal })
  if (response.status === 204) return undefined
  const body = new Uint8Array(await response.arrayBuffer())
  if (response.status !== 200) throw new AgentAnswerError(`GET ${url.href} answered ${response.status}${messageOf(body)}`)
  const cursor = response.headers.get('upto-cursor')
  if (cursor === null || !/^\d+$/.test(cursor)) throw new AgentAnswerError(`GET ${url.href} answered no Upto-Cursor: expected an upto agent`)
  return { bytes: body, contentType: response.headers.get('content-type') ?? undefined, cursor }
}

export async function acknowledge(base: URL, cursor: string, token: string | undefined, signal: AbortSignal): Promise<void> {
  const url = new URL(`ack?cursor=${cursor}`, base)
  const response = await fetch(url, { method: 'POST', headers: headers(token), signal })
  const body = new Uint8Array(await response.arrayBuffer())
  if (response.status !== 200) throw new AgentAnswerError(`POST ${url.href} answered ${response.status}${messageOf(body)}`)
}

function messageOf(body: Uint8Array): string {
  try {
    const message = (JSON.parse(new TextDecoder().decode(body)) as { message?: unknown }).message
    return typeof message === 'string' ? `: ${message.slice(0, 300)}` : ''
  } catch {
    return ''
  }
}
