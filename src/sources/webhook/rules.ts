// A webhook's header rules, as cdviz-collector's: a header that must exist, equal a value, match a pattern, or
// carry an HMAC-SHA256 signature of the body (hex or base64, with an optional prefix such as GitHub's
// `sha256=`), compared in constant time. A missing header is 401, a wrong value 403, a bad signature 401.

import { createHmac, timingSafeEqual } from 'node:crypto'

export type HeaderRule =
  | { kind: 'exists'; header: string }
  | { kind: 'equals'; header: string; value: string }
  | { kind: 'matches'; header: string; pattern: RegExp }
  | { kind: 'signature'; header: string; secret: string; encoding: 'hex' | 'base64'; prefix: string }

export interface RuleFailure {
  status: 401 | 403
  detail: string
}

/** The first rule the request breaks, or undefined. `headers` have lower-case names. */
export function checkRules(rules: readonly HeaderRule[], headers: Readonly<Record<string, string>>, body: Uint8Array): RuleFailure | undefined {
  for (const rule of rules) {
    const value = headers[rule.header]
    if (value === undefined) return { status: 401, detail: `header ${rule.header} is missing` }
    switch (rule.kind) {
      case 'exists':
        break
      case 'equals':
        if (!sameText(value, rule.value)) return { status: 403, detail: `header ${rule.header} does not have the expected value` }
        break
      case 'matches':
        if (!rule.pattern.test(value)) return { status: 403, detail: `header ${rule.header} does not match ${rule.pattern.source}` }
        break
      case 'signature':
        if (!signatureMatches(rule, value, body)) return { status: 401, detail: `header ${rule.header}: the signature does not match the body` }
        break
    }
  }
  return undefined
}

/** What a sender puts in the header: the prefix, then the HMAC-SHA256 of the body in the encoding. */
export function sign(rule: Extract<HeaderRule, { kind: 'signature' }>, body: Uint8Array): string {
  return `${rule.prefix}${createHmac('sha256', rule.secret).update(body).digest(rule.encoding)}`
}

function signatureMatches(rule: Extract<HeaderRule, { kind: 'signature' }>, value: string, body: Uint8Array): boolean {
  if (!value.startsWith(rule.prefix)) return false
  const given = value.slice(rule.prefix.length).trim()
  const wellFormed = rule.encoding === 'hex' ? /^[0-9a-fA-F]{64}$/.test(given) : /^[A-Za-z0-9+/]{43}=?$/.test(given)
  if (!wellFormed) return false
  const expected = createHmac('sha256', rule.secret).update(body).digest()
  return timingSafeEqual(Buffer.from(given, rule.encoding), expected)
}

/** Equal texts, in a time that does not tell how much of them matched. */
function sameText(a: string, b: string): boolean {
  const x = createHmac('sha256', 'equals').update(a).digest()
  const y = createHmac('sha256', 'equals').update(b).digest()
  return timingSafeEqual(x, y)
}
