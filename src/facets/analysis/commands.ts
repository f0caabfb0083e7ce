// The commands that answer "why is it slower than last time?": compare and history. Each loads its code
// when it runs.

import type { Command } from 'commander'
import type { Io } from '../../cli/io.ts'

export function addAnalysisCommands(program: Command, io: Io): void {
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
}
