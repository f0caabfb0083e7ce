// Escaping for HTML and SVG text and attribute values.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const SPECIAL = /[&<>"']/g
const HAS_SPECIAL = /[&<>"']/
const SUSPECT = /[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]/
// Characters XML forbids (C0 controls but tab, newline, return; lone surrogates): a standalone SVG must still parse.
const INVALID = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Escape `&<>"'` (safe in text and in quoted attributes) and replace characters XML forbids with U+FFFD. */
export function escapeHtml(value: string): string {
  if (!SUSPECT.test(value)) return value
  const text = value.replace(INVALID, '\ufffd')
  return HAS_SPECIAL.test(text) ? text.replace(SPECIAL, (c) => ENTITIES[c] ?? c) : text
}
