// `upto start|end|mark|new` in every CI step: parsed with node's own parseArgs and sent without loading
// commander. Anything else — help, other commands, a command line that does not parse — returns
// undefined and goes to the full program, which explains what was wrong.

import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { MessageKind } from '../core/types.ts'
import { eventOptions, globalOptions, newOptions, type ClientOption } from './client-options.ts'
import type { SendOptions } from './commands/send-event.ts'

export interface ClientCall {
  kind: MessageKind
  context: string
  name: string
  options: SendOptions
}

const commands: Record<string, MessageKind> = {
  start: 'start', s: 'start', end: 'end', e: 'end', mark: 'mark', event: 'mark', v: 'mark', new: 'new', n: 'new',
}

const anyClientOption = config([...globalOptions, ...eventOptions])
const newOnly = new Set(newOptions.map((option) => option.key))
const eventOnly = eventOptions.filter((option) => !newOnly.has(option.key)).flatMap((option) => option.long)

export function parseClientCall(argv: readonly string[]): ClientCall | undefined {
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
function toSendOptions(values: Record<string, unknown>): SendOptions {
  const out: Record<string, unknown> = {}
  for (const option of [...globalOptions, ...eventOptions]) {
    for (const long of option.long) if (values[long] !== undefined) out[option.key] = values[long]
  }
  return out as SendOptions
}
