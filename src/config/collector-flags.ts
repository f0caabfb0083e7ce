// The flags of `upto serve` and `upto config`, made from the collector's Settings: one flag a key, and
// `--KEY-file` beside each secret. program.ts turns them into commander options.

import { collectorFlags, collectorSettings } from './collector-settings.ts'
import { flagOf } from './layers.ts'
import type { Settings } from './settings.ts'

export interface FlagSpec {
  /** Commander's spelling: `-p, --port <port>`. */
  flags: string
  description: string
  /** A list: the flag may be given again. */
  repeatable: boolean
}

/** The keys whose flag is spelt otherwise, by the option name commander gives it: `{ mqtt: 'watchdog_mqtt' }`. */
export function flagAliases(settings: Settings): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).flatMap(([key, s]) => (s.flag === undefined ? [] : [[s.flag.replace(/^--/, '').replace(/-/g, '_'), key]])))
}

export const configFlag: FlagSpec = {
  flags: '--config <file>',
  description: 'the configuration file, TOML (default ${XDG_CONFIG_HOME:-~/.config}/upto/upto.toml, when it exists)',
  repeatable: false,
}

/** The collector's flags, and those of `extra` keys (the facets'). */
export function collectorFlagSpecs(extra: Settings = {}): FlagSpec[] {
  const specs = [configFlag]
  for (const [key, setting] of Object.entries({ ...collectorSettings, ...extra })) {
    const spelling = collectorFlags[key] ?? { value: 'value' }
    const short = spelling.short === undefined ? '' : `-${spelling.short}, `
    const repeatable = setting.type === 'strings'
    const byDefault = setting.default === undefined || setting.description.includes('(default') ? '' : ` (default ${setting.default})`
    specs.push({
      flags: `${short}${setting.flag ?? flagOf(key)} <${spelling.value}>`,
      description: `${setting.description}${byDefault}${repeatable ? ' (repeatable)' : ''}`,
      repeatable,
    })
    if (setting.secret === true) {
      specs.push({
        flags: `${flagOf(`${key}_file`)} <file>`,
        description: `read the ${key.replace(/_/g, ' ')} from a file (argv is visible to other users)`,
        repeatable: false,
      })
    }
  }
  return specs
}
