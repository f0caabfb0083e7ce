import { homedir } from 'node:os'
import { join } from 'node:path'

/** `$UPTO_DATA`, else `${XDG_DATA_HOME:-~/.local/share}/upto`. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.UPTO_DATA) return env.UPTO_DATA
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'upto')
}
