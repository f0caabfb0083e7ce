// What a configuration section takes: each key's type, default and words. The collector's own keys, each
// source type's and each sink type's are declared this way; the configuration (config/) reads, checks and
// prints them against it.

export type SettingType = 'string' | 'integer' | 'boolean' | 'duration' | 'size' | 'url' | 'strings'

export interface Setting {
  type: SettingType
  /** What `upto config` prints and --help says. */
  description: string
  default?: string | number | boolean | readonly string[]
  /** Printed masked by `upto config`; may be given as `KEY_file` (read from that file). */
  secret?: boolean
  /** The only values allowed, for a string. */
  choices?: readonly string[]
  /** The least value of an integer. */
  min?: number
  /** The setting must be given. */
  required?: boolean
}

export type Settings = Readonly<Record<string, Setting>>
