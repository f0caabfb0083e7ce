// Plain text for terminals: strip control characters, measure columns, cut with an ellipsis.

const CONTROL = /[\x00-\x1f\x7f-\x9f]/g
const HAS_CONTROL = /[\x00-\x1f\x7f-\x9f]/

/** Replace control characters (escape sequences included) so event strings cannot drive the terminal. */
export function clean(text: string): string {
  return !printable(text) && HAS_CONTROL.test(text) ? text.replace(CONTROL, '?') : text
}

/** Columns a string takes: East Asian wide characters and emoji count 2, combining marks 0. */
export function textWidth(text: string): number {
  if (printable(text)) return text.length
  let width = 0
  // by code point, as `for (const ch of text)` walks, without a string per character
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const next = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0
    if (next >= 0xdc00 && next <= 0xdfff) {
      width += charWidth((c - 0xd800) * 0x400 + next - 0xdc00 + 0x10000)
      i++
    } else width += charWidth(c)
  }
  return width
}

/**
 * The same text, as one flat string. Text added up from parts is a rope that keeps every part alive; V8
 * flattens a rope when a character of it is read. Lines kept by the thousand take half the memory flat, and
 * flattened as soon as they are made, their parts are still in the cache.
 */
export function flat(text: string): string {
  text.charCodeAt(0)
  return text
}

// Runs of one character by length: the widths of one terminal are few, so each is made once.
const SPACES: string[] = []
const RUNS = new Map<string, string[]>([[' ', SPACES]])

/** `n` spaces. */
export function spaces(n: number): string {
  return n <= 0 ? '' : run(SPACES, ' ', n)
}

/** `n` times one character (a bar's glyph). */
export function repeated(ch: string, n: number): string {
  let byLength = RUNS.get(ch)
  if (byLength === undefined) RUNS.set(ch, (byLength = []))
  return n <= 0 ? '' : run(byLength, ch, n)
}

function run(byLength: string[], ch: string, n: number): string {
  return n > 512 ? ch.repeat(n) : (byLength[n] ??= ch.repeat(n))
}

/** At most `width` columns; a cut string ends with `…`. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return ''
  if (textWidth(text) <= width) return text
  let out = ''
  let used = 0
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0) ?? 0)
    if (used + w > width - 1) break
    out += ch
    used += w
  }
  return `${out}…`
}

/** Truncated, then padded with spaces to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width)
  const pad = ' '.repeat(Math.max(0, width - textWidth(cut)))
  return align === 'left' ? cut + pad : pad + cut
}

/** Printable ASCII only (the common case): one column a character, nothing to clean. */
function printable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) return false
  }
  return true
}

function charWidth(cp: number): number {
  if (cp < 0x300) return 1
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2
  }
  return 1
}
