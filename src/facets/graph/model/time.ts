// Times in and out: RFC 3339 with an offset in, `…:00Z` out (servicegraph's frontend reads whole seconds).

import { MINUTE } from './types.ts'

const rfc3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** Milliseconds, or undefined when `text` is not an RFC 3339 time with an offset. */
export function parseRfc3339(text: string): number | undefined {
  const parts = rfc3339.exec(text)
  if (parts === null) return undefined
  const [, date, time, fraction = '', offset] = parts
  // Python writes microseconds; JavaScript's parser takes milliseconds
  const ms = Date.parse(`${date}T${time}${fraction.slice(0, 4)}${offset!.toUpperCase()}`)
  return Number.isNaN(ms) ? undefined : ms
}

export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE

/** `2026-12-02T15:57:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1_000) * 1_000).toISOString().replace('.000Z', 'Z')
}
