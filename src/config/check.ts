// The refusals of one key: unknown (with the nearest known ones), or a value its Setting does not take.

import { closest } from '../core/closest.ts'
import { convert, showRaw, type Shown } from './convert.ts'
import { expectedOf } from './convert.ts'
import type { Entry } from './layers.ts'
import { envNameOf } from './layers.ts'
import { looksSecret, maskUrlPassword } from './mask.ts'
import { type Origin, invalid, subjectOf, suffixOf } from './origin.ts'
import type { Setting, Settings } from './settings.ts'

/** A key's value once checked: as printed, as used, and where it came from. */
export interface Resolved {
  shown: Shown
  value: unknown
  origin: Origin
  secret: boolean
}

/** The value as a refusal may show it: none for a secret, a URL's password masked. */
export function shownInRefusal(setting: Setting | undefined, key: string, raw: unknown): string | undefined {
  if (setting?.secret === true || (setting === undefined && looksSecret(key))) return undefined
  const shown = showRaw(raw)
  return setting?.type === 'url' && typeof raw === 'string' ? JSON.stringify(maskUrlPassword(raw)) : shown
}

/** Checks `entry` against `setting`; a refusal goes into `problems`. */
export function checkValue(entry: Entry, setting: Setting, problems: string[]): Resolved | undefined {
  const path = entry.path.join('.')
  const converted = convert(setting, entry.raw, entry.text)
  if (converted.ok) return { shown: converted.shown, value: converted.value, origin: entry.origin, secret: setting.secret === true }
  problems.push(invalid(path, entry.origin, shownInRefusal(setting, path, entry.raw), converted.expected))
  return undefined
}

/** A key's default, as if given (a default that does not fit its own Setting is a bug, and says so). */
export function defaultValue(path: string, setting: Setting, value: Shown, origin: Origin): Resolved {
  const converted = convert(setting, value, false)
  if (!converted.ok) throw new Error(`the default of ${path} does not fit its type: expected ${expectedOf(setting)}`)
  return { shown: converted.shown, value: converted.value, origin, secret: setting.secret === true }
}

/**
 * `unknown key sources.ci.subjet = "ci.>" in /etc/upto/upto.toml: expected a key of a nats source (did you mean
 * "subject"?)`; the known keys are listed when none is near. Suggestions are spelt as the entry's layer spells keys.
 */
export function unknownKey(entry: Entry, known: Settings, what: string): string {
  const key = entry.path.at(-1)!
  const prefix = entry.path.slice(0, -1)
  const names = Object.keys(known)
  const near = closest(key, names)
  const hidden = looksSecret(key) || near.some((name) => known[name]?.secret === true)
  const spell = (name: string) => (entry.origin.layer === 'env' ? envNameOf([...prefix, name]) : name)
  const shown = hidden ? '' : ` = ${showRaw(entry.raw)}`
  const hint = near.length === 0 ? `: ${names.join(', ')}` : ` (did you mean ${orList(near.map((name) => JSON.stringify(spell(name))))}?)`
  return `unknown key ${subjectOf(entry.path.join('.'), entry.origin)}${shown}${suffixOf(entry.origin)}: expected a key of ${what}${hint}`
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}
