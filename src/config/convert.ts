// One value checked against its Setting: a TOML value from the file, or text from the environment, a flag or a
// `_file`. The answer holds the value as `upto config` prints it and as the program uses it (milliseconds,
// bytes), or the words of what was expected.

import { parseByteSize, parseSizeFloor } from '../core/byte-size.ts'
import { parseDuration } from '../core/duration.ts'
import type { Setting } from './settings.ts'

/** A value as TOML writes it. */
export type Shown = string | number | boolean | readonly string[]

export type Converted = { ok: true; shown: Shown; value: unknown } | { ok: false; expected: string }

/** `raw` is text (environment, flag, `_file`: "5" is 5 for an integer) or a TOML value (`text` false). */
export function convert(setting: Setting, raw: unknown, text: boolean): Converted {
  const fail: Converted = { ok: false, expected: expectedOf(setting) }
  const done = (shown: Shown, value: unknown = shown): Converted => ({ ok: true, shown, value })
  switch (setting.type) {
    case 'string':
      if (typeof raw !== 'string' || (setting.choices !== undefined && !setting.choices.includes(raw))) return fail
      return done(raw)
    case 'url':
      return typeof raw === 'string' && URL.canParse(raw) ? done(raw) : fail
    case 'boolean': {
      const value = text ? ({ true: true, false: false } as Record<string, boolean>)[String(raw)] : raw
      return typeof value === 'boolean' ? done(value) : fail
    }
    case 'integer': {
      const value = text ? (typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : undefined) : raw
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail
      if ((setting.min !== undefined && value < setting.min) || (setting.max !== undefined && value > setting.max)) return fail
      return done(value)
    }
    case 'duration': {
      const ms = typeof raw === 'string' ? parseDuration(raw) : undefined
      return ms === undefined ? fail : done(raw as string, ms)
    }
    case 'size': {
      const bytes = typeof raw === 'string' ? parseByteSize(raw) : Number.isSafeInteger(raw) && (raw as number) >= 0 ? (raw as number) : undefined
      if (bytes === undefined || (setting.min !== undefined && bytes < setting.min)) return fail
      return done(raw as string | number, bytes)
    }
    case 'size-floor': {
      const floor = typeof raw === 'string' ? parseSizeFloor(raw) : Number.isSafeInteger(raw) && (raw as number) >= 0 ? { bytes: raw as number } : undefined
      return floor === undefined ? fail : done(raw as string | number, floor)
    }
    case 'strings': {
      const list = text && typeof raw === 'string' ? raw.split(',').map((item) => item.trim()).filter((item) => item !== '') : raw
      return Array.isArray(list) && list.every((item) => typeof item === 'string') ? done(list as string[]) : fail
    }
    case 'tables': {
      let list = raw
      if (text && typeof raw === 'string') {
        try {
          list = JSON.parse(raw)
        } catch {
          return fail
        }
      }
      const isObject = (item: unknown) => typeof item === 'object' && item !== null && !Array.isArray(item) && !(item instanceof Date)
      // shown as JSON, one table an item: what `upto config` prints
      if (!Array.isArray(list) || !list.every(isObject)) return fail
      const tables = list.map((item) => ({ ...(item as object) }))
      return done(tables.map((item) => JSON.stringify(item)), tables)
    }
  }
}

/** What a refusal says was expected: `a whole number of 1 or more, like 1000`. */
export function expectedOf(setting: Setting): string {
  if (setting.expected !== undefined) return setting.expected
  switch (setting.type) {
    case 'string':
      return setting.choices === undefined ? 'a string' : setting.choices.join(', ')
    case 'url':
      return 'a URL'
    case 'boolean':
      return 'true or false'
    case 'integer': {
      const { min, max } = setting
      const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of ${min} or more` : max !== undefined ? ` of ${max} or less` : ''
      return `a whole number${range}${typeof setting.default === 'number' ? `, like ${setting.default}` : ''}`
    }
    case 'duration':
      return 'a duration like 30d, 12h or 2w'
    case 'size':
      return 'a size like 64MiB or 100MB'
    case 'size-floor':
      return 'a size like 500MB or 1GiB, a percent like 5%, or 0'
    case 'strings':
      return 'a list of strings (comma-separated in the environment)'
    case 'tables':
      return 'a list of tables like [[watchdog.expected]] (a JSON array of objects in the environment)'
  }
}

/** A value as a refusal shows it: text quoted, a table named. */
export function showRaw(raw: unknown): string {
  if (typeof raw === 'string' || Array.isArray(raw)) return JSON.stringify(raw)
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw)
  if (raw instanceof Date) return raw.toISOString()
  return 'a table'
}
