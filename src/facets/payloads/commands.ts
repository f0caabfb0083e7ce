// `upto payload ID` and `upto payloads`: where a payload is, and which payloads there are, from the collector's
// payload API. Each loads its code when it runs.

import type { Command } from 'commander'
import type { Io } from '../../cli/io.ts'

export function addPayloadCommands(program: Command, io: Io): void {
  program
    .command('payload <request_id>')
    .description('one payload\'s journey: its statuses in order, a bar per service, how long each held it')
    .option('--json', 'print the API\'s JSON instead')
    .addHelpText('after', `
Services send status messages (payload-tracker's: POST /api/v1/payloads/status, or NATS with
format = "payload-status"); a service's stay runs from its "received" to its "success" or "error".

Examples:
  upto payload 91ebdd7c01b34efc9cc9a1af8d1ff53d
`)
    .action(async (id: string, _options: unknown, cmd: Command) =>
      (await import('./payload-command.ts')).payloadCommand(io, id, cmd.optsWithGlobals()))

  program
    .command('payloads')
    .description('the payloads seen, newest first, filtered by their ids, account, time or a status')
    .option('--account <account>', 'only this account')
    .option('--org-id <org>', 'only this org_id')
    .option('--inventory-id <id>', 'only this inventory_id')
    .option('--system-id <id>', 'only this system_id')
    .option('--since <duration>', 'only payloads first seen this long ago or less: 90s, 15m, 1h, 2d')
    .option('--status <status>', 'only payloads with a status of this name (error, processing, …) in the window')
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'print the API\'s JSON instead')
    .addHelpText('after', `
Examples:
  upto payloads --since 1h --status error
  upto payloads --inventory-id 30ecee980cae42bca0c20921e9bec7c6
`)
    .action(async (_options: unknown, cmd: Command) =>
      (await import('./payload-command.ts')).payloadsCommand(io, cmd.optsWithGlobals()))
}
