// The command line: every command, its options and help. Heavy commands load their code when run.

import { Command, CommanderError, Option } from 'commander'
import type { MessageKind } from './core/types.ts'
import { facetSettings, facets } from './facets/index.ts'
import { sendEvent, type SendOptions } from './cli/commands/send-event.ts'
import { eventOptions, globalOptions, newOptions, runOptions, commanderFlags, type ClientOption } from './cli/client-options.ts'
import { exitCodes, reportError, usageError } from './cli/errors.ts'
import type { Io } from './cli/io.ts'
import { uptoVersion } from './cli/version.ts'
import { collectorFlagSpecs } from './config/collector-flags.ts'
import { addAgentCommand } from './agent/commands.ts'

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

  addOptions(program.command('run <context> <event> <command...>'), [...eventOptions, ...runOptions])
    .description("run a command as a step: start, the command with the caller's stdin/stdout/stderr, end with its outcome")
    .addHelpText('after', `
The command's exit code is upto's (128+N when a signal N ended it). The step ends with status ok, or error with
the exit code as attr "exit" and the last lines of stderr as the message. The collector being unreachable never
stops the command (--strict: then a failed delivery fails). Inside the command, UPTO_CONTEXT, UPTO_TIMELINE and
UPTO_PARENT are set: upto start/end/mark/run of the same context nest under this step (compile → build.compile);
a name already under it (build.link) is kept; env -u UPTO_PARENT opts out.

Examples:
  upto run ci build -- make -j8
  upto run ci unit --timeline "$CI_PIPELINE_ID" npm test
  upto run deploy migrate --http --strict -- ./migrate.sh --all
`)
    .action(() => {
      throw usageError('could not read this upto run command line: expected upto run CONTEXT EVENT [options] [--] COMMAND [ARGS...]')
    })

  addCollectorOptions(program.command('serve'))
    .description('run the collector: UDP and HTTP on one port, events kept in an embedded LevelDB')
    .addHelpText('after', serveExamples)
    .action(async (options) => (await import('./commands/serve.ts')).serve(io, options, (await import('./commands/section-types.ts')).sectionTypes))

  addCollectorOptions(program.command('config'))
    .description('print the configuration upto serve would run with (TOML; secrets masked; where each value came from)')
    .addHelpText('after', '\nExamples:\n  upto config\n  upto config --config /etc/upto/upto.toml --port 9000\n')
    .action(async (options) => (await import('./config/command.ts')).showConfiguration(io, options, (await import('./commands/section-types.ts')).sectionTypes))

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

  for (const facet of facets) facet.commands?.(program, io)
  addAgentCommand(program, io)
  return program
}

const clientCommands: [string, MessageKind, string][] = [
  ['start', 'start', 'send the start of a step (dotted names nest: deploy.db.migrate)'],
  ['end', 'end', 'send the end of a step'],
  ['mark', 'mark', 'send an instant event (alias: event)'],
]

/** The flags of upto serve and upto config: --config, and one a key of the collector's configuration. */
function addCollectorOptions(command: Command): Command {
  for (const spec of collectorFlagSpecs(facetSettings)) {
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
