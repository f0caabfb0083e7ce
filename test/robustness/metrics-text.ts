// Reads samples out of the Prometheus text of /metrics.

/** The sum of the samples of `name` that carry `labels` (in any order, among others), or 0 when none. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line)
    if (match === null || match[1] !== name) continue
    const have = Object.fromEntries((match[2] ?? '').split(',').filter(Boolean).map((pair) => {
      const eq = pair.indexOf('=')
      return [pair.slice(0, eq), pair.slice(eq + 2, -1)]
    }))
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(match[3])
  }
  return sum
}

export async function metricsOf(base: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${base}/metrics`, { headers })
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`)
  return response.text()
}
