// `upto [options] run CTX EVENT [options] [--] COMMAND ARGS...`: where upto's arguments end and the command's
// begin. Options are read up to the event name and after it until `--` or the first word that is not an
// option; that word, or everything after `--`, is the command with its own arguments, untouched.

import type { ClientOption } from './client-options.ts'

export interface RunArgv {
  /** upto's own arguments, `run` included, for parseArgs. */
  own: string[]
  command: string[]
}

/** undefined when argv is not a `run` call; the command may come back empty (the caller refuses it). */
export function splitRunArgv(argv: readonly string[], table: readonly ClientOption[]): RunArgv | undefined {
  const longs = new Set(table.filter((o) => o.value).flatMap((o) => o.long))
  const shorts = new Set(table.filter((o) => o.value && o.short).map((o) => o.short))
  let positionals = 0
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') return positionals === 3 ? { own: argv.slice(0, i), command: argv.slice(i + 1) } : undefined
    if (arg.startsWith('-') && arg !== '-') {
      const long = arg.startsWith('--') && !arg.includes('=') && longs.has(arg.slice(2))
      const short = !arg.startsWith('--') && arg.length >= 2 && shorts.has(arg[arg.length - 1]!)
      if (long || short) i++
      continue
    }
    positionals++
    if (positionals === 1 && arg !== 'run') return undefined
    if (positionals === 4) return { own: argv.slice(0, i), command: argv.slice(i) }
  }
  return positionals >= 1 ? { own: [...argv], command: [] } : undefined
}
