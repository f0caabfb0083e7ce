// Percentiles by linear interpolation between closest ranks (Hyndman & Fan type 7: numpy's and Excel's
// PERCENTILE.INC): for n sorted values x[0..n-1], the p-th percentile is at rank h = (n − 1) × p / 100,
// x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋+1] − x[⌊h⌋]). The 50th is the median.

/** undefined for no values; p from 0 to 100. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const h = ((sorted.length - 1) * Math.min(100, Math.max(0, p))) / 100
  const lo = Math.floor(h)
  const below = sorted[lo]!
  const above = sorted[Math.min(lo + 1, sorted.length - 1)]!
  return below + (h - lo) * (above - below)
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 50)
}
