// "Did you mean": the known names nearest to one that is not known, for the messages of the viewing commands
// and the pages. Edit distance from fastest-levenshtein; a name that holds the other, or is held by it, is near
// whatever its length.

import { distance } from 'fastest-levenshtein'

/** Up to `most` of `known` near `wanted`, nearest first; none when nothing is near enough to be a slip. */
export function closest(wanted: string, known: Iterable<string>, most = 3): string[] {
  const needle = wanted.toLowerCase()
  const limit = Math.max(2, Math.floor(needle.length / 3))
  const near: Array<[number, string]> = []
  for (const name of known) {
    const lower = name.toLowerCase()
    const d = lower === needle ? 0 : lower.includes(needle) || needle.includes(lower) ? 1 : distance(needle, lower)
    if (d <= limit && name !== wanted) near.push([d, name])
  }
  near.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
  return near.slice(0, most).map(([, name]) => name)
}

/** ` (did you mean "deploy-web" or "deploy-api"?)`, or '' when nothing is near. */
export function didYouMean(wanted: string, known: Iterable<string>): string {
  const names = closest(wanted, known).map((name) => JSON.stringify(name))
  if (names.length === 0) return ''
  const last = names.pop()!
  return ` (did you mean ${names.length > 0 ? `${names.join(', ')} or ${last}` : last}?)`
}
