// The commands that carry timelines to and from other tools: export and import. Each loads its code when it runs.

import type { Command } from 'commander'
import type { Io } from '../../cli/io.ts'

export function addExchangeCommands(program: Command, io: Io): void {
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
      (await import('./export.ts')).exportCommand(io, context, timeline, cmd.optsWithGlobals()),
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
      (await import('./import.ts')).importCommand(io, file, cmd.optsWithGlobals()),
    )
}
