// `upto graph` and `upto edge`: the service graph from a shell. Each loads its code when it runs.

import type { Command } from 'commander'
import type { Io } from '../../cli/io.ts'

export function addGraphCommands(program: Command, io: Io): void {
  program
    .command('graph')
    .description('the service graph: who calls whom, how often, with what errors (unhealthy in red)')
    .option('--project <n>', 'the project (default: the first one reported)')
    .option('--since <duration>', 'the window, back from now, like 15m, 1h or 7d', '1h')
    .option('--format <format>', 'text, dot (Graphviz), mermaid or json', 'text')
    .addHelpText('after', '\nExamples:\n  upto graph\n  upto graph --project 2 --since 24h\n  upto graph --format dot | dot -Tsvg > map.svg\n')
    .action(async (_options: unknown, cmd: Command) => (await import('./graph-command.ts')).graphCommand(io, cmd.optsWithGlobals()))

  program
    .command('edge <from> <to>')
    .description('report calls from one service to another (a UUID, or a name: a service of that name)')
    .option('--status <status>', 'ok, expected_error or unexpected_error', 'ok')
    // `-n` is the program's --hostname, which means nothing here: the action reads it as the count
    .option('-n, --count <n>', 'how many calls (default 1)')
    .option('--project <n>', 'the project', '1')
    .option('--description <text>', 'what the calls are, like "GET /users"')
    .addHelpText('after', '\nExamples:\n  upto edge web api\n  upto edge api db --status unexpected_error -n 3\n')
    .action(async (from: string, to: string, _options: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<{ count?: string; hostname?: string }>()
      const spelled = io.argv.some((a) => a === '--hostname' || a.startsWith('--hostname='))
      const count = flags.count ?? (spelled ? undefined : flags.hostname)
      await (await import('./edge-command.ts')).edgeCommand(io, from, to, { ...flags, ...(count === undefined ? {} : { count }) })
    })
}
