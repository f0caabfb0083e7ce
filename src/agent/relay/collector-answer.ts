// What the collector's answer to POST /api/events means for a batch the agent sent (src/sources/http/
// events-route.ts): 2xx — durable, the events it refused are listed; 400 — every item refused, listed the same
// way; 413 — too large, send fewer; anything else (503 with Retry-After, 5xx, a wrong token, no answer) —
// nothing was stored, send the same again later.

export interface RefusedItem {
  index: number
  reason: string
  detail?: string
}

export type Outcome =
  /** The batch may leave the buffer; `refused` were invalid and are dropped, counted by reason. */
  | { kind: 'stored'; refused: RefusedItem[] }
  /** Send fewer events at a time. */
  | { kind: 'too_large' }
  /** Nothing stored: the same batch again after `afterMs` (Retry-After) or the back-off. */
  | { kind: 'retry'; why: string; afterMs?: number }

export function readAnswer(status: number, body: string, retryAfter: string | null): Outcome {
  if (status >= 200 && status < 300) return { kind: 'stored', refused: refusedOf(body) ?? [] }
  if (status === 400) {
    const refused = refusedOf(body)
    if (refused !== undefined) return { kind: 'stored', refused }
  }
  if (status === 413) return { kind: 'too_large' }
  const seconds = Number(retryAfter)
  const why = `the collector answered ${status}${messageOf(body)}`
  return retryAfter !== null && Number.isFinite(seconds) && seconds >= 0 ? { kind: 'retry', why, afterMs: seconds * 1000 } : { kind: 'retry', why }
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

function refusedOf(body: string): RefusedItem[] | undefined {
  const answer = parse(body) as { refused?: unknown } | undefined
  if (typeof answer !== 'object' || answer === null || !Array.isArray(answer.refused)) return undefined
  return answer.refused.filter((r): r is RefusedItem =>
    typeof r === 'object' && r !== null && typeof (r as RefusedItem).index === 'number' && typeof (r as RefusedItem).reason === 'string')
}

function messageOf(body: string): string {
  const answer = parse(body) as { message?: unknown } | undefined
  return typeof answer?.message === 'string' ? `: ${answer.message.slice(0, 300)}` : ''
}
