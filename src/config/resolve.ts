// Layering: defaults → file → environment → flags. For each key the entry of the latest layer wins; a key
// given twice in one layer (`token` and `token_file`) is refused. Then `_file` values are read, and every key is
// checked against its Setting: every problem is gathered, none stops the others.

import { type Resolved, checkValue, defaultValue, unknownKey } from './check.ts'
import type { Exclusive } from './collector-settings.ts'
import type { Shown } from './convert.ts'
import { type Collected, type Entry, isSectionKind } from './layers.ts'
import { type Origin, defaultOrigin, suffixOf } from './origin.ts'
import { type ResolvedSection, type SectionRegistry, checkSections } from './sections.ts'
import type { Settings } from './settings.ts'

export interface Configuration {
  /** The configuration file read, if any. */
  file: string | undefined
  /** The collector's keys, as declared, for `upto config` to list them all. */
  settings: Settings
  /** Every collector key that has a value. */
  collector: Readonly<Record<string, Resolved>>
  sources: readonly ResolvedSection[]
  sinks: readonly ResolvedSection[]
}

export interface ResolveInput {
  file: string | undefined
  /** The file, the environment and the flags, in that order (later wins). */
  layers: readonly Collected[]
  settings: Settings
  registry: SectionRegistry
  exclusive?: readonly Exclusive[]
  /** Defaults that depend on the machine (the data folder), beside the Settings' own. */
  defaults?: Readonly<Record<string, Shown>>
  read: (path: string) => Promise<string>
}

export async function resolveConfiguration(input: ResolveInput): Promise<{ configuration: Configuration; problems: string[] }> {
  const problems = input.layers.flatMap((layer) => layer.problems)
  const defaults = { ...staticDefaults(input.settings), ...input.defaults }
  const given = [...Object.entries(defaults).map(([key, raw]) => defaultEntry(key, raw)), ...input.layers.flatMap((layer) => layer.entries)]
  const winners = pickWinners(given, input.settings, problems)
  for (const [key, entry] of winners) {
    if (!entry.fromFile) continue
    winners.set(key, (await readFileValue(entry, input.read, problems)) ?? { ...entry, fromFile: false, refused: true })
  }
  for (const rule of input.exclusive ?? []) exclude(winners, rule, problems)

  const collector: Record<string, Resolved> = {}
  const sectionEntries: Entry[] = []
  for (const entry of winners.values()) {
    if (entry.path.length > 1 && isSectionKind(entry.path[0])) {
      sectionEntries.push(entry)
      continue
    }
    if (entry.refused === true) continue
    const key = entry.path[0]!
    const setting = input.settings[key]
    if (setting === undefined) {
      problems.push(unknownKey(entry, { ...input.settings, sources: sectionsWord, sinks: sectionsWord }, 'the collector'))
      continue
    }
    const checked = entry.origin.layer === 'default' ? defaultValue(key, setting, entry.raw as Shown, entry.origin) : checkValue(entry, setting, problems)
    if (checked !== undefined) collector[key] = checked
  }
  for (const [key, setting] of Object.entries(input.settings)) {
    if (setting.required === true && !winners.has(key)) {
      problems.push(`missing ${key}: expected ${setting.description}`)
    }
  }
  const { sources, sinks } = checkSections(sectionEntries, input.registry, problems)
  return { configuration: { file: input.file, settings: input.settings, collector, sources, sinks }, problems }
}

const sectionsWord = { type: 'string', description: 'sections' } as const

interface Candidate extends Entry {
  /** Given as `KEY_file`: `raw` is the path of the file that holds the value. */
  fromFile: boolean
}

function staticDefaults(settings: Settings): Record<string, Shown> {
  return Object.fromEntries(Object.entries(settings).flatMap(([key, s]) => (s.default === undefined ? [] : [[key, s.default]])))
}

function defaultEntry(key: string, raw: Shown): Entry {
  return { path: [key], raw, text: false, origin: defaultOrigin }
}

/** `token_file` is `token` read from a file: for a collector key that exists, and for any key of a section. */
function asCandidate(entry: Entry, settings: Settings): Candidate {
  const last = entry.path.at(-1)!
  const base = last.endsWith('_file') ? last.slice(0, -'_file'.length) : ''
  const known = entry.path.length > 1 ? base !== '' : settings[base] !== undefined
  if (!known || entry.origin.layer === 'default') return { ...entry, fromFile: false }
  return { ...entry, path: [...entry.path.slice(0, -1), base], fromFile: true }
}

/** The key as the layer spelt it, before any file is read: `--token-file`, `token_file`. */
function spelt(entry: Candidate): string {
  if (entry.origin.layer === 'flag' || entry.origin.layer === 'env') return entry.origin.name
  return entry.path.join('.') + (entry.fromFile ? '_file' : '')
}

function pickWinners(entries: readonly Entry[], settings: Settings, problems: string[]): Map<string, Candidate> {
  const winners = new Map<string, Candidate>()
  for (const entry of entries.map((e) => asCandidate(e, settings))) {
    const key = entry.path.join('.')
    const held = winners.get(key)
    if (held !== undefined && held.origin.rank === entry.origin.rank) {
      problems.push(`give ${spelt(held)} or ${spelt(entry)}, not both${suffixOf(entry.origin)}`)
      winners.set(key, { ...entry, fromFile: false, refused: true })
    } else if (held === undefined || entry.origin.rank > held.origin.rank) {
      // moved to the end: problems are told in the order the winning layers give their keys
      winners.delete(key)
      winners.set(key, entry)
    }
  }
  return winners
}

/** The entry with the file's text as its value (trailing newlines left out); undefined, and a problem, when unreadable. */
async function readFileValue(entry: Candidate, read: (path: string) => Promise<string>, problems: string[]): Promise<Candidate | undefined> {
  const key = entry.path.at(-1)!
  const path = entry.raw
  const origin: Origin = { ...entry.origin, via: typeof path === 'string' ? path : '' }
  if (typeof path !== 'string' || path === '') {
    problems.push(`invalid ${spelt(entry)}${suffixOf(entry.origin)}: expected the path of a file holding the ${key.replace(/_/g, ' ')}`)
    return undefined
  }
  try {
    return { ...entry, raw: (await read(path)).replace(/(\r?\n)+$/, ''), text: true, origin, fromFile: false }
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message
    problems.push(`cannot read ${spelt(entry)} ${path}${suffixOf(entry.origin)} (${code}): expected a file holding the ${key.replace(/_/g, ' ')}`)
    return undefined
  }
}

/** Of `data` and `store`, the later layer's wins; both from one layer is refused. */
function exclude(winners: Map<string, Candidate>, rule: Exclusive, problems: string[]): void {
  const [a, b] = rule.keys.map((key) => winners.get(key))
  if (a === undefined || b === undefined) return
  if (a.origin.rank === b.origin.rank) {
    problems.push(`give ${spelt(a)} (${rule.words[0]}) or ${spelt(b)} (${rule.words[1]}), not both${suffixOf(a.origin)}`)
  }
  winners.delete((a.origin.rank < b.origin.rank ? a : b).path.join('.'))
}
