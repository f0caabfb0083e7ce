// A request body that is well-formed JSON but not what was expected: the field's path and what was wrong.

export interface Problem {
  /** `edges[3].ts`, `project_id`. */
  path: string
  message: string
}

export class InvalidField extends Error {
  override name = 'InvalidField'
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`)
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A field that may be absent or null; a string when given. */
export function optionalText(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw new InvalidField(path, `expected a string or null, got ${kindOf(value)}`)
  return value
}

export function requiredText(value: unknown, path: string): string {
  if (value === undefined) throw new InvalidField(path, 'missing')
  if (typeof value !== 'string') throw new InvalidField(path, `expected a string, got ${kindOf(value)}`)
  return value
}

/** A project is a whole number; the SDK may send it as digits in a string. */
export function projectId(value: unknown, path: string): number {
  if (value === undefined) throw new InvalidField(path, 'missing')
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new InvalidField(path, `expected a whole number of 0 or more, got ${kindOf(value)}`)
  return n
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return `a ${typeof value}`
}
