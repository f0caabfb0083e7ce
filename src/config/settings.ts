// What a configuration section takes: each key's type, default and words. The collector's own keys, each
// source type's and each sink type's are declared this way; the configuration (config/) reads, checks and
// prints them against it.

/**
 * - `integer`: a whole number (`min`, `max`);
 * - `duration`: `30d`, `12h`, `1d12h`: given to the program in milliseconds;
 * - `size`: `64MiB`, `500MB` or a whole number of bytes: given in bytes;
 * - `size-floor`: a size, a percent `5%`, or 0: given as `{ bytes }` or `{ percent }`;
 * - `strings`: a list (an array in the file, comma-separated in the environment, a repeated flag).
 * - `tables`: a list of tables (`[[watchdog.expected]]` in the file, a JSON array of objects in the environment):
 *   given as objects, which the facet that declares it checks.
 */
export type SettingType = 'string' | 'integer' | 'boolean' | 'duration' | 'size' | 'size-floor' | 'url' | 'strings' | 'tables'

export interface Setting {
  type: SettingType
  /** What `upto config` prints and --help says. */
  description: string
  default?: string | number | boolean | readonly string[]
  /** Printed masked by `upto config`; may be given as `KEY_file` (read from that file). */
  secret?: boolean
  /** The only values allowed, for a string. */
  choices?: readonly string[]
  /** The least value of an integer or a size. */
  min?: number
  /** The greatest value of an integer. */
  max?: number
  /** Its flag when it is not `--KEY`: `--mqtt` for watchdog_mqtt, the word its users know. */
  flag?: string
  /** The setting must be given. */
  required?: boolean
  /** What a refusal says was expected, when the type's own words are not precise enough (`a port number from 1 to 65535`). */
  expected?: string
}

export type Settings = Readonly<Record<string, Setting>>
