// Words for refusals: every detail names the value and says what was expected.

/** Why a field was refused, before validation knows the item's index. */
export class Problem {
  readonly detail: string
  constructor(detail: string) {
    this.detail = detail
  }
}

const QUOTE_CHARS = 60

/** A value for a detail: JSON-quoted (control characters escaped), cut to ~60 characters. */
export function quote(s: string): string {
  if (s.length <= QUOTE_CHARS) return JSON.stringify(s)
  let cut = s.slice(0, QUOTE_CHARS - 1)
  // do not split a surrogate pair
  const last = cut.charCodeAt(cut.length - 1)
  if (last >= 0xd800 && last < 0xdc00) cut = cut.slice(0, -1)
  return JSON.stringify(`${cut}…`)
}

/** The first bytes of binary data in hex, for details about bytes that are not text. */
export function hex(bytes: Uint8Array, max = 16): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ')
  return bytes.length > max ? `${shown} …` : shown
}
