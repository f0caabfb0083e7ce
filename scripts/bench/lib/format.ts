// How figures read on the results page.

export function ms(x: number): string {
  if (!Number.isFinite(x)) return '–'
  return x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`
}

export function perSecond(x: number, unit = 'events/s'): string {
  return Number.isFinite(x) ? `${Math.round(x).toLocaleString('en-US')} ${unit}` : '–'
}

export function count(x: number): string {
  return Math.round(x).toLocaleString('en-US')
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function ratio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–'
}

/** A markdown table; cells are written as given. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}
