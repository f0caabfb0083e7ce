// Content negotiation for the Gantt page: does the client ask for plain text before HTML?

interface Range {
  type: string
  q: number
}

/**
 * True when `text/plain` is named with a quality above the one HTML would get — `Accept: text/plain`
 * (curl -H) or `text/plain, text/html;q=0.5` — or equal to it when HTML is only matched by a wildcard.
 */
export function prefersText(accept: string | undefined): boolean {
  if (accept === undefined) return false
  const ranges = accept.split(',').map(parseRange)
  const plain = quality(ranges, ['text/plain'])
  if (plain === undefined || plain === 0) return false
  const html = quality(ranges, ['text/html'])
  if (html !== undefined) return plain > html
  return plain >= (quality(ranges, ['text/*', '*/*']) ?? 0)
}

function parseRange(part: string): Range {
  const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase())
  let q = 1
  for (const p of params) {
    if (!p.startsWith('q=')) continue
    const n = Number(p.slice(2))
    q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0
  }
  return { type, q }
}

function quality(ranges: readonly Range[], types: readonly string[]): number | undefined {
  let best: number | undefined
  for (const r of ranges) if (types.includes(r.type)) best = Math.max(best ?? 0, r.q)
  return best
}
