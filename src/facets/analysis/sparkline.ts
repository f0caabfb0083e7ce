// A row of block characters for a series: lowest ▁ to highest █, a space where a value is missing, and × where
// it failed (a failure is not drawn as a short time, and its value does not scale the others).

const LEVELS = '▁▂▃▄▅▆▇█'

export function sparkline(values: readonly (number | undefined)[], failed: readonly boolean[] = []): string {
  const present = values.filter((v, i): v is number => v !== undefined && Number.isFinite(v) && !failed[i])
  const min = Math.min(...present)
  const range = Math.max(...present) - min
  return values
    .map((v, i) => {
      if (failed[i]) return '×'
      if (v === undefined || !Number.isFinite(v)) return ' '
      const level = range === 0 ? 3 : Math.round(((v - min) / range) * (LEVELS.length - 1))
      return LEVELS[level]
    })
    .join('')
}
