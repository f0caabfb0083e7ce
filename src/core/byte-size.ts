// Sizes users give and read: `--min-free 500MB`, `5%`, `64MiB`; shown as 12.3 MB.

export type SizeFloor = { bytes: number } | { percent: number }

const UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
}

/** `500MB`, `1.5GiB`, `0`, or a percent `5%`; undefined when it is none of these. */
export function parseSizeFloor(text: string): SizeFloor | undefined {
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim())
  if (percent) {
    const n = Number(percent[1])
    return n <= 100 ? { percent: n } : undefined
  }
  const bytes = parseByteSize(text)
  return bytes === undefined ? undefined : { bytes }
}

/** `64MiB`, `500MB`, `1024`: whole bytes, or undefined. */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim())
  const unit = match === null ? undefined : UNITS[match[2]!.toLowerCase()]
  if (match === null || unit === undefined) return undefined
  const bytes = Math.round(Number(match[1]) * unit)
  return Number.isSafeInteger(bytes) ? bytes : undefined
}

/** The floor in bytes on a disk of `total` bytes. */
export function floorBytes(floor: SizeFloor, total: number): number {
  return 'bytes' in floor ? floor.bytes : Math.ceil((total * floor.percent) / 100)
}

export function formatBytes(n: number): string {
  if (n < 1e3) return `${n} B`
  const [unit, size] = n < 1e6 ? ['kB', 1e3] : n < 1e9 ? ['MB', 1e6] : ['GB', 1e9]
  return `${(n / (size as number)).toFixed(1)} ${unit}`
}
