// Human-readable times and durations, shared by every renderer.

import type { Millis } from './types.ts'

/** `850ms`, `4.2s`, `3m07s`, `2h05m`, `3d04h`. */
export function formatDuration(ms: Millis): string {
  if (!Number.isFinite(ms) || ms < 0) return '-'
  if (ms < 1_000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)}s`
  const s = Math.round(ms / 1_000)
  if (s < 3_600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`
  const m = Math.round(s / 60)
  if (m < 1_440) return `${Math.floor(m / 60)}h${pad(m % 60)}m`
  const h = Math.round(m / 60)
  return `${Math.floor(h / 24)}d${pad(h % 24)}h`
}

/** ISO 8601 with milliseconds, UTC: the form every API answer uses. */
export function formatTime(ms: Millis): string {
  return new Date(ms).toISOString()
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** How long ago, coarsely: `just now`, `45s ago`, `5m ago`, `3h ago`, `2d ago`; `in 5m` for a future time. */
export function formatAgo(ms: Millis, now: Millis): string {
  const diff = now - ms
  if (!Number.isFinite(diff)) return '-'
  const abs = Math.abs(diff)
  if (abs < 1_000) return 'just now'
  const text =
    abs < 60_000
      ? `${Math.floor(abs / 1_000)}s`
      : abs < 3_600_000
        ? `${Math.floor(abs / 60_000)}m`
        : abs < 86_400_000
          ? `${Math.floor(abs / 3_600_000)}h`
          : `${Math.floor(abs / 86_400_000)}d`
  return diff >= 0 ? `${text} ago` : `in ${text}`
}
