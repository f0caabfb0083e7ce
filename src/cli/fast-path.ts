// `upto start|end|mark|new|run` in every CI step: read with client-argv.ts and sent without loading commander.
// Anything else — help, other commands, a command line that does not parse — returns undefined and goes to the
// full program, which explains what was wrong.

import type { MessageKind } from '../core/types.ts'
import { readClientArgv } from './client-argv.ts'
import { eventOptions, globalOptions, newOptions, runOptions } from './client-options.ts'
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

const clientTable = [...globalOptions, ...eventOptions]
const runTable = [...clientTable, ...runOptions]
const newOnly = new Set(newOptions.map((option) => option.key))
const eventOnly = eventOptions.filter((option) => !newOnly.has(option.key)).map((option) => option.key)

export function parseClientCall(argv: readonly string[]): ClientCall | RunCall | undefined {
  const run = splitRunArgv(argv, runTable)
  if (run !== undefined) return parseRunCall(run.own, run.command)
  const parsed = readClientArgv(argv, clientTable)
  if (parsed === undefined) return undefined
  const [command, context, name, ...rest] = parsed.positionals
  const kind = command === undefined ? undefined : commands[command]
  if (kind === undefined || context === undefined || rest.length > 0) return undefined
  if (kind === 'new' ? name !== undefined || eventOnly.some((key) => key in parsed.options) : name === undefined) {
    return undefined
  }
  return { kind, context, name: name ?? '', options: parsed.options as SendOptions }
}

function parseRunCall(own: string[], command: string[]): RunCall | undefined {
  const parsed = readClientArgv(own, runTable)
  if (parsed === undefined) return undefined
  const [, context, name, ...rest] = parsed.positionals
  if (context === undefined || name === undefined || rest.length > 0 || command.length === 0) return undefined
  return { kind: 'run', context, name, command, options: parsed.options as RunOptions }
}
