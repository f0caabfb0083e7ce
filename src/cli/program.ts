// The command line: every command, its options and help. Heavy commands load their code when run.

import { Command, CommanderError, Option } from 'commander'
import { collectorFlagSpecs } from '../config/collector-flags.ts'
import type { MessageKind } from '../core/types.ts'
import { addAnalysisCommands } from './analysis-commands.ts'
import { sendEvent, type SendOptions } from './commands/send-event.ts'
import { eventOptions, globalOptions, newOptions, commanderFlags, type ClientOption } from './client-options.ts'
import { exitCodes, reportError } from './errors.ts'
import type { Io } from './io.ts'
import { uptoVersion } from './version.ts'

export async function run(io: Io): Promise<number> {
  const program = buildProgram(io)
  try {
    await program.parseAsync(unknownCommandHelp(program, io.argv), { from: 'user' })
    return exitCodes.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the help or the error.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
    }
    return reportError(io.err, error)
  }
}

/**
 * `upto NOSUCH --help` is an unknown command, as `upto NOSUCH` is — commander would show the general help and
 * exit 0 — so the help flags are left out and commander says so, with the closest command.
 */
function unknownCommandHelp(program: Command, argv: readonly string[]): string[] {
  const help = (arg: string) => arg === '--help' || arg === '-h'
  if (!argv.some(help)) return [...argv]
  const [name] = program.parseOptions([...argv]).operands
  const known = name === undefined || name === 'help' || program.commands.some((c) => c.name() === name || c.aliases().includes(name))
  return known ? [...argv] : argv.filter((arg) => !help(arg))
}

export function buildProgram(io: Io): Command {
  const program = new Command('upto')
    .description('What is it up to? Timelines and Gantt charts of work made of many steps on many machines.')
    .version(uptoVersion(), '-V, --version')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .showHelpAfterError('(run upto --help for usage)')
    .addHelpText('after', rootExamples)
  addOptions(program, globalOptions)

  for (const [name, kind, summary] of clientCommands) {
    const command = addOptions(program.command(`${name} <context> <event>`).description(summary), eventOptions)
      .action((context: string, event: string, _options: unknown, cmd: Command) =>
        sendEvent(io, kind, context, event, cmd.optsWithGlobals<SendOptions>()),
      )
    if (name === 'mark') command.aliases(['event', 'v'])
    if (name === 'start') command.alias('s')
    if (name === 'end') command.alias('e')
  }

  addOptions(program.command('new <context>'), newOptions)
    .alias('n')
    .description('start a new timeline (run) of a context; later events without --timeline join it')
    .action((context: string, _options: unknown, cmd: Command) =>
      sendEvent(io, 'new', context, '', cmd.optsWithGlobals<SendOptions>()),
    )

  addCollectorOptions(program.command('serve'))
    .description('run the collector: UDP and HTTP on one port, events kept in an embedded LevelDB')
    .addHelpText('after', serveExamples)
    .action(async (options) => (await import('./commands/serve.ts')).serve(io, options))

  addCollectorOptions(program.command('config'))
    .description('print the configuration upto serve would run with (TOML; secrets masked; where each value came from)')
    .addHelpText('after', '\nExamples:\n  upto config\n  upto config --config /etc/upto/upto.toml --port 9000\n')
    .action(async (options) => (await import('../config/command.ts')).showConfiguration(io, options))

  program
    .command('migrate')
    .description('copy a LevelDB data folder into PostgreSQL, losing nothing (stop the collector first)')
    .requiredOption('--from <dir>', 'the LevelDB data folder')
    .requiredOption('--to <url>', 'the PostgreSQL store, postgres://...')
    .addHelpText('after', '\nExample:\n  upto migrate --from ~/.local/share/upto --to postgres://upto@db.internal/upto\n')
    .action(async (options) => (await import('./commands/migrate.ts')).migrate(io, options))

  program
    .command('demo')
    .description('feed realistic runs to the collector (starting one on a temporary folder if none answers) and print the pages to open')
    .option('--no-live', 'only past runs: do not play a deployment live')
    .addHelpText('after', '\nExamples:\n  upto demo\n  upto demo --rp 9000 --no-live\n')
    .action(async (_options: unknown, cmd: Command) => (await import('./commands/demo.ts')).demo(io, cmd.optsWithGlobals()))

  program
    .command('ls [context]')
    .description("list contexts, or a context's timelines newest first")
    .option('--data <dir>', 'read a data folder directly instead of asking the collector')
    .option('--limit <n>', 'how many to list (default 100 contexts, or 20 timelines)')
    .option('--prefix <start>', 'only contexts whose name starts with this')
    .option('--after <name>', 'contexts after this name: the next page')
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', '\nExamples:\n  upto ls\n  upto ls --prefix deploy-\n  upto ls deploy --limit 5\n')
    .action(async (context: string | undefined, _options: unknown, cmd: Command) =>
      (await import('./commands/ls.ts')).ls(io, context, cmd.optsWithGlobals()),
    )

  program
    .command('gantt <context> [timeline]')
    .description('draw a timeline as a Gantt chart in the terminal (default: the newest)')
    .option('--data <dir>', 'read a data folder directly instead of asking the collector')
    .option('--width <columns>', 'chart width (default: the terminal width)')
    .option('--details', "after the failures, every step's attrs")
    .option('--watch', 'redraw in place as the run changes, until it has finished, or q / Ctrl-C (printed once when not a terminal)')
    .addHelpText('after', '\nExamples:\n  upto gantt deploy\n  upto gantt build 1234 --width 120\n  upto gantt build --details\n  upto gantt deploy --watch\n')
    .action(async (context: string, timeline: string | undefined, _options: unknown, cmd: Command) =>
      (await import('./commands/gantt.ts')).gantt(io, context, timeline, cmd.optsWithGlobals()),
    )

  addAnalysisCommands(program, io, addOptions)
  return program
}

const clientCommands: [string, MessageKind, string][] = [
  ['start', 'start', 'send the start of a step (dotted names nest: deploy.db.migrate)'],
  ['end', 'end', 'send the end of a step'],
  ['mark', 'mark', 'send an instant event (alias: event)'],
]

/** The flags of upto serve and upto config: --config, and one a key of the collector's configuration. */
function addCollectorOptions(command: Command): Command {
  for (const spec of collectorFlagSpecs()) {
    const option = new Option(spec.flags, spec.description)
    if (spec.repeatable) option.argParser((value: string, previous: string[] = []) => [...previous, value])
    command.addOption(option)
  }
  return command
}

function addOptions(command: Command, table: readonly ClientOption[]): Command {
  for (const option of table) {
    const added = new Option(commanderFlags(option), option.description)
    if (option.multiple) added.argParser((value: string, previous: string[] = []) => [...previous, value])
    command.addOption(added)
  }
  return command
}

const serveExamples = `
Examples:
  upto serve --port 8123 --data /var/lib/upto
  upto serve --host 0.0.0.0 --store postgres://upto@db.internal:5432/upto   several collectors, one database
  upto serve --host 0.0.0.0 --token-file /etc/upto/token --udp-key-file /etc/upto/udp-key --retain 30d
  upto serve --config /etc/upto/upto.toml                 keys of upto.toml: see upto config and the README
`

const rootExamples = `
Examples:
  upto serve                                   run the collector on 127.0.0.1:8123
  upto new deploy                              start a new run of "deploy"
  upto start deploy db.migrate -n web1         a step starts on host web1
  upto end deploy db.migrate --status ok       ...and ends
  upto mark deploy tagged --attr version=2.3   an instant event
  upto gantt deploy                            draw the newest run
  echo "start deploy db.migrate" >/dev/udp/127.0.0.1/8123

Client options may come before or after the command. Environment: UPTO_SERVER=host:port,
UPTO_DATA (data folder), UPTO_STORE (postgres:// for serve), NO_COLOR (plain output).
`
