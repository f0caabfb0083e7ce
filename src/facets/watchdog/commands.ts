// `upto services`: the watchdog's services from a shell, read from the collector's API. Loads its code when it runs.

import type { Command } from 'commander'
import type { Io } from '../../cli/io.ts'

export function addServicesCommand(program: Command, io: Io): void {
  program
    .command('services')
    .description('the services the watchdog knows: state, gid, host, last seen, uptime, required or optional')
    .option('--watch', 'show it again every 2 seconds, until Ctrl-C')
    .option('--archived', 'archived services too')
    .option('--json', 'print the API\'s JSON instead')
    .addHelpText('after', `
Services onboard over MQTT (hippodamia's protocol: upto serve --mqtt mqtt://127.0.0.1:1883) or HTTP
(POST /api/services/onboard), then ping; silence makes them inactive, lost, then stopped.

Examples:
  upto services
  upto services --watch
`)
    .action(async (_options: unknown, cmd: Command) => (await import('./services-command.ts')).servicesCommand(io, cmd.optsWithGlobals()))
}
