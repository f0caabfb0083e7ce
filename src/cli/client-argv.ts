// The client commands' argv, read as node's util.parseArgs reads it (strict, positionals allowed) for the forms
// a CI step writes: `--name value`, `--name=value`, `-n value`, flags, `--`. Anything else — an unknown
// option, a missing or dash-like value, grouped or glued short options (`-ai`, `-nweb1`) — gives undefined,
// and the full program, which knows them all, takes over. parseArgs itself costs ~1 ms to load.

import type { ClientOption } from './client-options.ts'

export interface ClientArgv {
  /** By option key; for an option with several names, the last one given wins. */
  options: Record<string, string | boolean | string[]>
  positionals: string[]
}

export function readClientArgv(args: readonly string[], table: readonly ClientOption[]): ClientArgv | undefined {
  const options: ClientArgv['options'] = {}
  const positionals: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') {
      positionals.push(...args.slice(i + 1))
      break
    }
    if (arg.length < 2 || arg[0] !== '-') {
      positionals.push(arg)
      continue
    }
    const long = arg[1] === '-'
    if (!long && arg.length > 2) return undefined
    const eq = long ? arg.indexOf('=', 3) : -1
    const name = long ? arg.slice(2, eq === -1 ? undefined : eq) : arg[1]
    const option = table.find((o) => (long ? o.long.includes(name!) : o.short === name))
    if (option === undefined) return undefined
    let value: string | boolean = true
    if (option.value === undefined) {
      if (eq !== -1) return undefined
    } else if (eq !== -1) {
      value = arg.slice(eq + 1)
    } else {
      const next = args[++i]
      if (next === undefined || (next.length > 1 && next[0] === '-')) return undefined
      value = next
    }
    if (option.multiple) options[option.key] = [...((options[option.key] as string[] | undefined) ?? []), value as string]
    else options[option.key] = value
  }
  return { options, positionals }
}
