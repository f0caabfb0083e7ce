// `upto config`: the effective configuration as TOML that reads back, each value followed by where it came
// from; secrets as "***", passwords in URLs masked, keys without a value as comments.

import { stringify } from 'smol-toml'
import type { Resolved } from './check.ts'
import type { Shown } from './convert.ts'
import { maskUrlPassword } from './mask.ts'
import { commentOf } from './origin.ts'
import type { Configuration } from './resolve.ts'
import type { ResolvedSection } from './sections.ts'
import type { Settings } from './settings.ts'

export const masked = '***'

export function renderConfiguration(configuration: Configuration): string {
  const from = configuration.file === undefined ? 'no configuration file' : configuration.file
  const lines = [
    `# The configuration upto serve runs with: defaults, then ${oneLine(from)}, then UPTO__ variables, then flags.`,
    ...keyLines('', configuration.settings, configuration.collector),
  ]
  for (const section of [...configuration.sources, ...configuration.sinks]) lines.push('', ...sectionLines(section))
  return `${lines.join('\n')}\n`
}

function sectionLines(section: ResolvedSection): string[] {
  return [`[${section.kind}.${section.name}]`, ...keyLines(`${section.kind}.${section.name}.`, section.settings, section.values)]
}

function keyLines(prefix: string, settings: Settings, values: Readonly<Record<string, Resolved>>): string[] {
  return Object.entries(settings).map(([key, setting]) => {
    const resolved = values[key]
    if (resolved === undefined) return `# ${key} is not set: ${setting.description}`
    const shown = resolved.secret ? masked : setting.type === 'url' && typeof resolved.shown === 'string' ? maskUrlPassword(resolved.shown) : resolved.shown
    const value = setting.type === 'tables' ? inlineTables(shown as readonly string[]) : tomlValue(shown)
    return `${key} = ${value} # ${oneLine(commentOf(prefix + key, resolved.origin))}`
  })
}

/** One value as TOML writes it, escapes and all: smol-toml's own words for it. */
function tomlValue(value: Shown): string {
  const line = stringify({ v: value }).trim()
  return line.slice(line.indexOf('=') + 1).trim()
}

/** A list of tables (each shown as its JSON) as inline TOML tables, which read back as the same: `[{ gid = "Web-1" }]`. */
function inlineTables(tables: readonly string[]): string {
  const inline = tables.map((json) => {
    const fields = Object.entries(JSON.parse(json) as Record<string, Shown>).map(([k, v]) => `${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)} = ${tomlValue(v)}`)
    return `{ ${fields.join(', ')} }`
  })
  return `[${inline.join(', ')}]`
}

/** A comment ends at the line's end: a path holding a newline must not start a line of its own. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '?')
}
