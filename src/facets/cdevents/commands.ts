// `upto deployments` and `upto dora`: what runs where, and the DORA figures, from the collector's API
// (/api/deployments, /api/dora). Each loads its code when it runs.

import type { Command } from 'commander'
import type { Io } from '../../cli/io.ts'

export function addCdeventCommands(program: Command, io: Io): void {
  program
    .command('deployments')
    .description('what version of each service runs in each environment, from CDEvents (service deployed, upgraded, …)')
    .option('--env <environment>', 'only this environment')
    .option('--service <service>', 'only this service')
    .option('--json', 'print the API\'s JSON instead')
    .addHelpText('after', `
Examples:
  upto deployments --env prod
`)
    .action(async (_options: unknown, cmd: Command) =>
      (await import('./delivery-command.ts')).deploymentsCommand(io, cmd.optsWithGlobals()))

  program
    .command('dora')
    .description('DORA figures per service and environment: deployment frequency, lead time, change failure rate, time to restore')
    .option('--env <environment>', 'only this environment')
    .option('--service <service>', 'only this service')
    .option('--days <n>', 'the window: the last n days', '30')
    .option('--json', 'print the API\'s JSON instead')
    .addHelpText('after', `
Lead time runs from a change merged to the first deployment of the artifact made from it (artifact packaged names
its change); a deployment failed when an incident or a rollback followed it before the next deployment.

Examples:
  upto dora --env prod --days 7
`)
    .action(async (_options: unknown, cmd: Command) =>
      (await import('./delivery-command.ts')).doraCommand(io, cmd.optsWithGlobals()))
}
