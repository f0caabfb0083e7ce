// Strict UTF-8: bytes that are not valid UTF-8 are refused, never patched with U+FFFD.

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The text of `bytes` (a leading BOM dropped), or undefined when they are not valid UTF-8. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes)
  } catch {
    return undefined
  }
}
