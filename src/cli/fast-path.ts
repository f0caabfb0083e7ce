// `upto start|end|mark|new|run` in every CI step: parsed with node's own parseArgs and sent without loading
// commander. Anything else — help, other commands, a command line that does not parse — returns
// undefined and goes to the full program, which explains what was wrong.

import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { MessageKind } from '../core/types.ts'
import { eventOptions, globalOptions, newOptions, runOptions, type ClientOption } from './client-options.ts'
import type { RunOptions } from './commands/run.ts'
import type { SendOptions } from './commands/send-event.ts'
import { splitRunArgv } from './run-args.ts'

export interface ClientCall {
  kind: MessageKind
  context: string
  name: string
  options: SendOptions
}

const commands: Record<string, MessageKind> = {
  start: 'start', s: 'start', end: 'end', e: 'end', mark: 'mark', event: 'mark', v: 'mark', new: 'new', n: 'new',
}

/** `upto run CTX EVENT [--] COMMAND ARGS...`: the event options and --strict, then the command. */
export interface RunCall {
  kind: 'run'
  context: string
  name: string
  command: string[]
  options: RunOptions
}

const anyClientOption = config([...globalOptions, ...eventOptions])
const runTable = [...globalOptions, ...eventOptions, ...runOptions]
const anyRunOption = config(runTable)
const newOnly = new Set(newOptions.map((option) => option.key))
const eventOnly = eventOptions.filter((option) => !newOnly.has(option.key)).flatMap((option) => option.long)

export function parseClientCall(argv: readonly string[]): ClientCall | RunCall | undefined {
  const run = splitRunArgv(argv, runTable)
  if (run !== undefined) return parseRunCall(run.own, run.command)
  let parsed
  try {
    parsed = parseArgs({ ...anyClientOption, args: [...argv] })
  } catch {
    return undefined
  }
  const [command, context, name, ...rest] = parsed.positionals
  const kind = command === undefined ? undefined : commands[command]
  if (kind === undefined || context === undefined || rest.length > 0) return undefined
  if (kind === 'new' ? name !== undefined || eventOnly.some((long) => long in parsed.values) : name === undefined) {
    return undefined
  }
  return { kind, context, name: name ?? '', options: toSendOptions(parsed.values) }
}

function parseRunCall(own: string[], command: string[]): RunCall | undefined {
  let parsed
  try {
    parsed = parseArgs({ ...anyRunOption, args: own })
  } catch {
    return undefined
  }
  const [, context, name, ...rest] = parsed.positionals
  if (context === undefined || name === undefined || rest.length > 0 || command.length === 0) return undefined
  return { kind: 'run', context, name, command, options: toSendOptions(parsed.values, runTable) as RunOptions }
}

function config(table: readonly ClientOption[]): ParseArgsConfig {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const option of table) {
    for (const long of option.long) {
      options[long] = {
        type: option.value ? 'string' : 'boolean',
        ...(option.short && long === option.long[option.long.length - 1] ? { short: option.short } : {}),
        ...(option.multiple ? { multiple: true } : {}),
      }
    }
  }
  return { options, allowPositionals: true, strict: true }
}

/** Folds the alias names (`rh`, `rp`) into their keys, later flags winning. */
function toSendOptions(values: Record<string, unknown>, table = [...globalOptions, ...eventOptions]): SendOptions {
  const out: Record<string, unknown> = {}
  for (const option of table) {
    for (const long of option.long) if (values[long] !== undefined) out[option.key] = values[long]
  }
  return out as SendOptions
}
