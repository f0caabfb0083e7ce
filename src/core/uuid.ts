// Node ids are UUIDs, sent hyphenated or as 32 hex digits; kept one way, lower-case and hyphenated.

const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/** The id in its one form, or undefined when it is no UUID. */
export function normalUuid(value: string): string | undefined {
  if (!uuid.test(value)) return undefined
  const hex = value.replace(/-/g, '').toLowerCase()
  if (hex.length !== 32) return undefined // hyphens in some places only
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
