// Where a value came from, and the words that name it: in refusals (`invalid --retain "30x"`,
// `invalid sources.ci.port "x" in /etc/upto/upto.toml`) and in the comments of `upto config`.

export type Layer = 'default' | 'file' | 'env' | 'flag'

export interface Origin {
  layer: Layer
  /** The configuration file's path, the variable (`UPTO__MAX_STREAMS`) or the flag (`--max-streams`); '' for a default. */
  name: string
  /** The file the value was read from, when it was given as `KEY_file` (then `name` is the `_file` variable or flag). */
  via?: string
  /** Which one wins: the highest. Defaults 0, the file 10, the older variables 20–21, UPTO__ ones 30, flags 40. */
  rank: number
}

export const defaultOrigin: Origin = Object.freeze({ layer: 'default', name: '', rank: 0 })

/** The key as its origin spells it: `--token-file /run/token`, `UPTO__SOURCES__CI__URL`, `sources.ci.url`. */
export function subjectOf(path: string, origin: Origin): string {
  if (origin.layer === 'flag' || origin.layer === 'env') return origin.via === undefined ? origin.name : `${origin.name} ${origin.via}`
  return origin.via === undefined ? path : `${path}_file ${origin.via}`
}

/** What follows the value in a refusal: ` in /etc/upto/upto.toml`, or nothing when the subject says it all. */
export function suffixOf(origin: Origin): string {
  if (origin.layer === 'file') return ` in ${origin.name}`
  return origin.layer === 'default' ? ' (its default)' : ''
}

/** `invalid --max-streams "x": expected …`; `shown` is left out for secrets. */
export function invalid(path: string, origin: Origin, shown: string | undefined, expected: string): string {
  return `invalid ${subjectOf(path, origin)}${shown === undefined ? '' : ` ${shown}`}${suffixOf(origin)}: expected ${expected}`
}

/** The comment `upto config` writes after a value: `default`, `file /etc/upto/upto.toml`, `env UPTO__PORT`, `flag --port`. */
export function commentOf(path: string, origin: Origin): string {
  if (origin.layer === 'default') return 'default'
  if (origin.layer === 'file') return `file ${origin.name}${origin.via === undefined ? '' : ` (${path.split('.').pop()}_file ${origin.via})`}`
  return `${origin.layer} ${origin.name}${origin.via === undefined ? '' : ` ${origin.via}`}`
}
