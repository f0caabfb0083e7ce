// Durations people type: `30d`, `12h`, `90m`, `2w`, `45s`, or several run together (`1d12h`).

const units: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }
const whole = /^(?:\d+(?:\.\d+)?[smhdw])+$/
const part = /(\d+(?:\.\d+)?)([smhdw])/g

/** Milliseconds, or undefined when `text` is not a duration above zero. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim()
  if (!whole.test(compact)) return undefined
  let ms = 0
  for (const [, n, unit] of compact.matchAll(part)) ms += Number(n) * units[unit!]!
  return ms > 0 ? ms : undefined
}
