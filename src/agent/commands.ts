// `upto agent`: registered here, its code loaded only when it runs (the client commands never load the buffer,
// the UDP and HTTP servers, or mqtt).

import type { Command } from 'commander'
import type { Io } from '../cli/io.ts'

export function addAgentCommand(program: Command, io: Io): void {
  program
    .command('agent')
    .description('run beside services on a machine the collector cannot reach: keeps their events on disk and relays them')
    .option('--collector <url>', 'push the events to this collector (POST /api/events), e.g. http://collector:8123')
    .option('--serve <host:port>', 'pull mode: serve the buffer for the collector to pull ([sources.NAME] type = "agent"); port 8124 unless given')
    .option('--token <token>', 'sent to the collector as Authorization: Bearer (push); asked of the collector (pull) (default $UPTO_TOKEN)')
    .option('--token-file <path>', 'read the token from this file')
    .option('--host <address>', 'UDP address to listen on for upto start/end/mark (default 127.0.0.1)')
    .option('--port <port>', 'UDP port to listen on (default 8123, the collector\'s, so upto start works unchanged)')
    .option('--data <dir>', 'the agent\'s data folder: buffer, id (default $UPTO_DATA-agent or ~/.local/share/upto-agent)')
    .option('--buffer-size <size>', 'most bytes the disk buffer holds; when full the oldest events are dropped and counted (default 64MiB)')
    .option('--id <id>', 'the agent\'s id in event ids (agent:ID:SEQUENCE); made once and kept in the data folder by default')
    .option('--retry-max <duration>', 'longest wait between two tries while the collector is down (default 30s)')
    .addHelpText('after', `
Every event received on UDP is written to the buffer and leaves it only once the collector has said it is
durable: a collector that is down, or an agent that restarts, loses nothing (events get an id, so a batch sent
twice counts once). Events the collector refuses as invalid are counted and dropped.

Examples:
  upto agent --collector http://collector.internal:8123 --token-file /etc/upto/token
  upto agent --serve 0.0.0.0:8124          then on the collector: [sources.web1] type = "agent"  url = "http://web1:8124"
`)
    .action(async (options: Record<string, string | undefined>) => (await import('./agent-command.ts')).agentCommand(io, options))
}
