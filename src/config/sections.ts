// `[sources.NAME]` and `[sinks.NAME]`: each has a `type` among the registered ones, `enabled` (default true),
// for a source a `format` (default "upto"), and the keys its type's Settings declare. The types come in as a
// registry (the collector's list), so the configuration loads no source or sink code.

import { type Resolved, checkValue, defaultValue, orList, unknownKey } from './check.ts'
import { closest } from '../core/closest.ts'
import { showRaw } from './convert.ts'
import { type Entry, type SectionKind, envNameOf } from './layers.ts'
import { defaultOrigin, subjectOf, suffixOf } from './origin.ts'
import type { Settings } from './settings.ts'

/** Each source type's and each sink type's Settings, by the `type = "…"` that names it. */
export interface SectionRegistry {
  sources: Readonly<Record<string, Settings>>
  sinks: Readonly<Record<string, Settings>>
  /** The facets' own keys, at the top beside the collector's (`payloads_request_id_length`). */
  keys?: Readonly<Settings>
}

export const noSectionTypes: SectionRegistry = Object.freeze({ sources: {}, sinks: {} })

export interface ResolvedSection {
  kind: SectionKind
  name: string
  /** '' when it was missing or unknown (and refused). */
  type: string
  enabled: boolean
  /** The keys the section takes, common ones first: what `upto config` lists. */
  settings: Settings
  values: Readonly<Record<string, Resolved>>
}

/** What the collector starts: a source's options are its type's keys, checked, defaults filled in. */
export interface ConfiguredSource {
  name: string
  type: string
  enabled: boolean
  format: string
  options: Record<string, unknown>
}

export type ConfiguredSink = Omit<ConfiguredSource, 'format'> & {
  /** What it forwards: `events` (the stored messages, the default) or a facet's feed (`cdevents`). */
  feed?: string
}

export const namePattern = /^[a-z0-9_-]+$/

/** The collector's own sources: always there, on the collector's ports. */
export const builtInSources: Readonly<Record<string, string>> = { udp: 'udp_port', http: 'http_port' }

const common: Record<SectionKind, Settings> = {
  sources: {
    type: { type: 'string', description: 'the type of the source', required: true },
    enabled: { type: 'boolean', description: 'whether the collector starts it', default: true },
    format: { type: 'string', description: 'the format of what it receives', default: 'upto' },
  },
  sinks: {
    type: { type: 'string', description: 'the type of the sink', required: true },
    enabled: { type: 'boolean', description: 'whether the collector starts it', default: true },
    feed: { type: 'string', description: 'what it forwards: events (the stored messages, when not given) or a facet\'s feed (cdevents: every accepted CDEvent)' },
  },
}

export function checkSections(
  entries: readonly Entry[],
  registry: SectionRegistry,
  problems: string[],
): { sources: ResolvedSection[]; sinks: ResolvedSection[] } {
  const grouped = new Map<string, Map<string, Entry>>()
  for (const entry of entries) {
    const [kind, name, key] = entry.path as [SectionKind, string, string]
    const id = `${kind}.${name}`
    if (!grouped.has(id)) grouped.set(id, new Map())
    grouped.get(id)!.set(key, entry)
  }
  const checked = { sources: [] as ResolvedSection[], sinks: [] as ResolvedSection[] }
  for (const [id, section] of grouped) {
    const [kind, name] = [id.slice(0, id.indexOf('.')) as SectionKind, id.slice(id.indexOf('.') + 1)]
    const resolved = checkSection(kind, name, section, registry[kind], problems)
    if (resolved !== undefined) checked[kind].push(resolved)
  }
  return checked
}

function checkSection(
  kind: SectionKind,
  name: string,
  entries: ReadonlyMap<string, Entry>,
  types: Readonly<Record<string, Settings>>,
  problems: string[],
): ResolvedSection | undefined {
  const noun = kind === 'sources' ? 'source' : 'sink'
  const typeEntry = entries.get('type')
  const origin = (typeEntry ?? entries.values().next().value!).origin
  const where = `${origin.layer === 'env' ? envNameOf([kind, name, 'type']) : `[${kind}.${name}]`}${suffixOf(origin)}`
  if (!namePattern.test(name)) {
    problems.push(`invalid ${noun} name "${name}" in ${where}: expected lowercase letters, digits, _ and -`)
    return undefined
  }
  if (kind === 'sources' && builtInSources[name] !== undefined) {
    problems.push(`invalid source name "${name}" in ${where}: it is the collector's own ${name.toUpperCase()} source (its port is ${builtInSources[name]}): expected another name`)
    return undefined
  }
  if (typeEntry?.refused === true) return undefined
  const known = Object.keys(types)
  const choice = known.length === 0 ? `a registered ${noun} type (none is, in this build)` : `one of ${known.join(', ')}`
  let type = ''
  if (typeEntry === undefined) {
    problems.push(`missing ${kind}.${name}.type${suffixOf(origin)}: expected ${choice}`)
  } else if (typeof typeEntry.raw !== 'string' || types[typeEntry.raw] === undefined) {
    const near = typeof typeEntry.raw === 'string' ? closest(typeEntry.raw, known) : []
    const hint = near.length === 0 ? '' : ` (did you mean ${orList(near.map((t) => JSON.stringify(t)))}?)`
    problems.push(`unknown ${noun} type ${showRaw(typeEntry.raw)} at ${subjectOf(`${kind}.${name}.type`, typeEntry.origin)}${suffixOf(typeEntry.origin)}: expected ${choice}${hint}`)
  } else {
    type = typeEntry.raw
  }
  const settings: Settings = { ...common[kind], ...(type === '' ? {} : withoutCommon(types[type]!, kind)) }
  const values: Record<string, Resolved> = {}
  for (const [key, entry] of entries) {
    const setting = settings[key]
    if (entry.refused === true) continue
    if (setting === undefined) {
      // Which keys a section of an unknown type takes is not known: its type is the one problem to tell.
      if (type !== '') problems.push(unknownKey(entry, settings, `a ${type} ${noun}`))
      continue
    }
    const value = checkValue(entry, setting, problems)
    if (value !== undefined) values[key] = value
  }
  for (const [key, setting] of Object.entries(settings)) {
    if (values[key] !== undefined || entries.has(key)) continue
    if (setting.default !== undefined) values[key] = defaultValue(`${kind}.${name}.${key}`, setting, setting.default, defaultOrigin)
    else if (setting.required === true && key !== 'type') {
      problems.push(`missing ${kind}.${name}.${key}${suffixOf(origin)}: expected ${setting.description}`)
    }
  }
  return { kind, name, type, enabled: values.enabled?.value !== false, settings, values }
}

function withoutCommon(settings: Settings, kind: SectionKind): Settings {
  return Object.fromEntries(Object.entries(settings).filter(([key]) => common[kind][key] === undefined))
}

export function configuredSources(sections: readonly ResolvedSection[]): ConfiguredSource[] {
  return sections.map((section) => ({ ...configuredSink(section), format: String(section.values.format?.value ?? 'upto') }))
}

export function configuredSink(section: ResolvedSection): ConfiguredSink {
  const options = Object.fromEntries(
    Object.entries(section.values).filter(([key]) => common[section.kind][key] === undefined).map(([key, v]) => [key, v.value]),
  )
  const feed = section.values.feed?.value
  return { name: section.name, type: section.type, enabled: section.enabled, options, ...(typeof feed === 'string' ? { feed } : {}) }
}
