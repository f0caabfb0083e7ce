// The commands that answer "why is it slower than last time?" — run, compare, history, export, import — with
// their options and help. Each loads its code when it runs; `upto run` itself runs on the fast path (main.ts)
// and comes here only for help or a command line the fast path could not read.

import type { Command } from 'commander'
import { eventOptions, runOptions, type ClientOption } from '../../cli/client-options.ts'
import { usageError } from '../../cli/errors.ts'
import type { Io } from '../../cli/io.ts'

/** program.ts's: adds a table of client options to a command. */
type AddOptions = (command: Command, table: readonly ClientOption[]) => Command

export function addAnalysisCommands(program: Command, io: Io, addOptions: AddOptions): void {
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

  program
    .command('compare <context> [a] [b]')
    .description('compare two runs step by step: durations, differences, what added to the total, and a verdict')
    .option('--baseline <n>', 'compare the run (default the newest) with the median of the n successful runs before it')
    .option('--limit <n>', 'show the n steps that added most (default: every step)')
    .option('--json', 'print JSON instead of a table')
    .option('--data <dir>', 'read a data folder directly instead of asking the collector')
    .addHelpText('after', `
With no run named: the newest against the one before. One run: it against the run before it. Two: A against B.
The runs before are finished and successful: failed ones stopped early, so they are left out and named.
"on path" is what a step added to the total: its change of time on the critical path. USUAL is where the newer
run's duration falls among the successful runs before it: within p10–p90, below p10, or 3× its p90.
A newer run that failed gets no speed verdict: it says where it failed ("failed at e2e after 1m05s").

Examples:
  upto compare build
  upto compare build 1233 1234
  upto compare deploy --baseline 10
`)
    .action(async (context: string, a: string | undefined, b: string | undefined, _options: unknown, cmd: Command) =>
      (await import('./compare-command.ts')).compare(io, context, a, b, cmd.optsWithGlobals()),
    )

  program
    .command('history <context> [step]')
    .description('per step over the last runs: runs, p50, p90, last (flagged above p90), a sparkline, failure and retry rates')
    .option('--limit <n>', 'how many of the newest runs to look at', '20')
    .option('--json', 'print JSON instead of a table')
    .option('--data <dir>', 'read a data folder directly instead of asking the collector')
    .addHelpText('after', `
p50 and p90 are over the successful runs; failed runs stopped early, so they count only under FAILED. The same
table is the page /history/CONTEXT of the collector.

Examples:
  upto history build
  upto history build test --limit 50      the step "test" and the steps under it
`)
    .action(async (context: string, step: string | undefined, _options: unknown, cmd: Command) =>
      (await import('./history-command.ts')).history(io, context, step, cmd.optsWithGlobals()),
    )

  program
    .command('export <context> [timeline]')
    .description('write a timeline (default the newest) as Chrome trace, OTLP/JSON, Mermaid, CSV or JSON')
    .requiredOption('-f, --format <format>', 'chrome, otlp, mermaid, csv or json')
    .option('--data <dir>', 'read a data folder directly instead of asking the collector')
    .option('--raw', "csv: cells as they are, without a ' before those a spreadsheet would take for a formula")
    .addHelpText('after', `
Examples:
  upto export build --format chrome > build.trace.json      open in ui.perfetto.dev or chrome://tracing
  upto export build 1234 --format otlp | curl -H 'content-type: application/json' --data-binary @- http://otel:4318/v1/traces
  upto export deploy --format mermaid >> "$GITHUB_STEP_SUMMARY"
  upto export deploy --format csv > deploy.csv
`)
    .action(async (context: string, timeline: string | undefined, _options: unknown, cmd: Command) =>
      (await import('../exchange/export.ts')).exportCommand(io, context, timeline, cmd.optsWithGlobals()),
    )

  program
    .command('import <file>')
    .description('turn a .ninja_log, a trace-event JSON or a packer log into a timeline')
    .requiredOption('-f, --format <format>', 'ninja, chrome or packer')
    .requiredOption('-c, --context <context>', 'the context the timeline goes to')
    .option('--timeline <id>', "the timeline id (default: the run's start time, 20240501-120000-000)")
    .option('--start <time>', 'when the run began, for files with relative times (default: they end at the file\'s mtime)')
    .option('--utc-offset <+HH:MM>', "the zone of a packer log's local times (default +00:00)")
    .option('--build <which>', 'which builds of a .ninja_log: last (default), all (a timeline each) or N, 1 the oldest')
    .option('--skip-invalid', 'leave out steps the collector would refuse and still exit 0')
    .option('--data <dir>', 'write into a data folder directly (no collector running on it)')
    .addHelpText('after', `
Events go to the collector over HTTP (--rh/--rp/UPTO_SERVER), or into --data DIR. Importing the same file
again adds nothing.

Examples:
  upto import out/.ninja_log --format ninja --context build-ninja
  upto import out/.ninja_log --format ninja --context build-ninja --build all
  upto import trace.json --format chrome --context browser-startup --start 2024-05-01T12:00:00Z
  PACKER_LOG=1 packer build . 2> packer.log; upto import packer.log --format packer --context packer-base
`)
    .action(async (file: string, _options: unknown, cmd: Command) =>
      (await import('../exchange/import.ts')).importCommand(io, file, cmd.optsWithGlobals()),
    )
}
