// "Nice" axis ticks relative to a timeline's start: 0s, 30s, 1m, 1m30s ...

import type { Millis } from './types.ts'

export interface Tick {
  /** Milliseconds since the axis start. */
  offset: Millis
  /** Position in [0, width]. */
  pos: number
  label: string
}

const SECOND = 1_000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const STEPS: Millis[] = [
  ...[1, 2, 5, 10, 15, 30].map((s) => s * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
  ...[1, 2, 3, 6, 12].map((h) => h * HOUR),
]

/** The smallest nice interval ≥ target: 1/2/5×10ⁿ ms below a second, clock steps up to 12h, 1/2/5×10ⁿ days above. */
export function niceInterval(target: Millis): Millis {
  if (!(target > 0) || !Number.isFinite(target)) return 0
  if (target <= 500) return decimal(target)
  for (const step of STEPS) if (step >= target) return step
  return decimal(target / DAY) * DAY
}

/** Ticks at least `gap` units apart over an axis of `span` ms drawn `width` units wide. */
export function makeTicks(span: Millis, width: number, gap: number): { interval: Millis; ticks: Tick[] } {
  if (!(span > 0) || !(width > 0)) return { interval: 0, ticks: [{ offset: 0, pos: 0, label: '0s' }] }
  const interval = niceInterval((span * Math.max(1, gap)) / width)
  const count = Math.floor(span / interval + 1e-9)
  const ticks: Tick[] = []
  for (let i = 0; i <= count; i++) {
    const offset = Math.round(i * interval * 1e6) / 1e6
    ticks.push({ offset, pos: Math.min(width, (offset / span) * width), label: formatOffset(offset) })
  }
  return { interval, ticks }
}

/** `0s`, `250ms`, `1.5s`, `30s`, `1m`, `1m30s`, `2h`, `1d12h`. */
export function formatOffset(ms: Millis): string {
  if (!(ms > 0)) return '0s'
  if (ms < SECOND) return `${trim(ms)}ms`
  if (ms < MINUTE) return `${trim(ms / SECOND)}s`
  const days = Math.floor(ms / DAY)
  const hours = Math.floor((ms % DAY) / HOUR)
  const minutes = Math.floor((ms % HOUR) / MINUTE)
  const seconds = trim((ms % MINUTE) / SECOND)
  const parts = [days && `${days}d`, hours && `${hours}h`, minutes && `${minutes}m`, seconds !== '0' && `${seconds}s`]
  return parts.filter(Boolean).join('')
}

function decimal(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x))
  for (const m of [1, 2, 5]) if (m * power >= x * (1 - 1e-9)) return m * power
  return 10 * power
}

function trim(x: number): string {
  return String(Number(x.toPrecision(10)))
}
