// The commands that show timelines: ls and gantt. Each loads its code when it runs.

import type { Command } from 'commander'
import type { Io } from '../../cli/io.ts'

export function addTimelineCommands(program: Command, io: Io): void {
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
      (await import('./ls.ts')).ls(io, context, cmd.optsWithGlobals()),
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
      (await import('./gantt.ts')).gantt(io, context, timeline, cmd.optsWithGlobals()),
    )
}
