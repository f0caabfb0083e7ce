// A duration as the tables show it: 3d4h, 5h12m, 4m10s, 12s.

export function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const [d, h, m] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60)]
  if (d > 0) return `${d}d${h}h`
  if (h > 0) return `${h}h${m}m`
  if (m > 0) return `${m}m${s % 60}s`
  return `${s}s`
}
