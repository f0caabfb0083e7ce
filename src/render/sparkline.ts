// A row of block characters for a series: lowest ▁ to highest █, a space where a value is missing.

const LEVELS = '▁▂▃▄▅▆▇█'

export function sparkline(values: readonly (number | undefined)[]): string {
  const present = values.filter((v): v is number => v !== undefined && Number.isFinite(v))
  if (present.length === 0) return ' '.repeat(values.length)
  const min = Math.min(...present)
  const range = Math.max(...present) - min
  return values
    .map((v) => {
      if (v === undefined || !Number.isFinite(v)) return ' '
      const level = range === 0 ? 3 : Math.round(((v - min) / range) * (LEVELS.length - 1))
      return LEVELS[level]
    })
    .join('')
}
