// The layers of a configuration, each read into entries (a key path, its raw value, where it came from):
// the file's tables, the UPTO__ variables (and the older UPTO_DATA, UPTO_STORE, … ones), the flags.
// Nothing is checked here but the shape; resolve.ts picks the winners and checks them.

import { olderVariables } from './collector-settings.ts'
import type { Origin } from './origin.ts'

export const sectionKinds = ['sources', 'sinks'] as const
export type SectionKind = (typeof sectionKinds)[number]

export interface Entry {
  /** `['max_streams']`, or `['sources', 'ci', 'subject']`. */
  path: readonly string[]
  raw: unknown
  /** Text to convert by the key's type (environment, flags, `_file`), rather than a TOML value. */
  text: boolean
  origin: Origin
  /** Already refused (given twice, or its file unreadable): no more problems are told of it. */
  refused?: boolean
}

export interface Collected {
  entries: Entry[]
  problems: string[]
}

export const envPrefix = 'UPTO__'

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

export function isSectionKind(key: string | undefined): key is SectionKind {
  return (sectionKinds as readonly string[]).includes(key ?? '')
}

/**
 * The tables of upto.toml: top-level keys, `[sources.NAME]` / `[sinks.NAME]` sections, and a facet's own table,
 * whose keys are its top-level ones: `[watchdog] mqtt = …` is `watchdog_mqtt = …`.
 */
export function fileEntries(table: Record<string, unknown>, file: string): Collected {
  const origin: Origin = { layer: 'file', name: file, rank: 10 }
  const entries: Entry[] = []
  const problems: string[] = []
  for (const [key, value] of Object.entries(table)) {
    if (!isSectionKind(key)) {
      if (isTable(value)) for (const [inner, raw] of Object.entries(value)) entries.push({ path: [`${key}_${inner}`], raw, text: false, origin })
      else entries.push({ path: [key], raw: value, text: false, origin })
      continue
    }
    if (!isTable(value)) {
      problems.push(`invalid ${key} in ${file}: expected tables like [${key}.NAME]`)
      continue
    }
    for (const [name, section] of Object.entries(value)) {
      if (!isTable(section)) {
        problems.push(`invalid ${key}.${name} in ${file}: expected a table [${key}.${name}] with type = "…"`)
        continue
      }
      for (const [setting, raw] of Object.entries(section)) entries.push({ path: [key, name, setting], raw, text: false, origin })
    }
  }
  return { entries, problems }
}

/** `UPTO__MAX_STREAMS=5`, `UPTO__SOURCES__CI__URL=…`, and the older variables. Empty ones count as unset. */
export function envEntries(env: Readonly<Record<string, string | undefined>>): Collected {
  const entries: Entry[] = []
  const problems: string[] = []
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue
    const older = olderVariables[name]
    if (older !== undefined) {
      entries.push({ path: [older.key], raw: value, text: true, origin: { layer: 'env', name, rank: older.rank } })
      continue
    }
    if (!name.startsWith(envPrefix)) continue
    const path = name.slice(envPrefix.length).toLowerCase().split('__')
    const shaped = isSectionKind(path[0]) ? path.length === 3 : path.length === 1
    if (!shaped || path.some((part) => part === '')) {
      problems.push(`invalid variable ${name}: expected ${envPrefix}KEY, ${envPrefix}SOURCES__NAME__KEY or ${envPrefix}SINKS__NAME__KEY`)
      continue
    }
    entries.push({ path, raw: value, text: true, origin: { layer: 'env', name, rank: 30 } })
  }
  return { entries, problems }
}

/** Commander's options of `upto serve` (`maxStreams: '5'`); `config`, the file's own flag, is not a key. */
export function flagEntries(flags: Readonly<Record<string, unknown>>, aliases: Readonly<Record<string, string>> = {}): Collected {
  const entries: Entry[] = []
  for (const [option, raw] of Object.entries(flags)) {
    if (raw === undefined || option === 'config') continue
    const spelt = option.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
    entries.push({ path: [aliases[spelt] ?? spelt], raw, text: true, origin: { layer: 'flag', name: flagOf(spelt), rank: 40 } })
  }
  return { entries, problems: [] }
}

/** `max_streams` → `--max-streams`. */
export function flagOf(key: string): string {
  return `--${key.replace(/_/g, '-')}`
}

/** `sources.ci.url` → `UPTO__SOURCES__CI__URL`. */
export function envNameOf(path: readonly string[]): string {
  return envPrefix + path.join('__').toUpperCase()
}
