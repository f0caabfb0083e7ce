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
    .option('--name <name>', 'beside a service: its name; the agent onboards it with the watchdog, pings and says end')
    .option('--type <type>', 'beside a service: its type, e.g. Web (its gid is TYPE-N; default Service)')
    .option('--every <duration>', 'beside a service: how often to ping, and send runtime figures unless told (default 60s)')
    .option('--mqtt <url>', 'beside a service: onboard over MQTT with this broker (hippodamia\'s topics), e.g. mqtt://127.0.0.1:1883; else over HTTP to --collector')
    .option('--location <text>', 'beside a service: where it runs (with room, device, type and name: what keeps its gid across restarts)')
    .option('--room <text>', 'beside a service: its room')
    .option('--device <text>', 'beside a service: its device')
    .option('--description <text>', 'beside a service: words about it')
    .option('--module <text>', 'beside a service: its module (default upto-agent)')
    .option('--service-version <version>', 'beside a service: its version (default upto\'s)')
    .option('--onboarding-topic <topic>', 'beside a service: where onboarding requests go (default hippodamia/onboarding/request)')
    .option('--answer-wait <duration>', 'beside a service: how long to wait for the onboarding response before asking again with a new uuid (default 10s)')
    .option('--relay', 'beside a service: relay UDP events too (without --name the relay always runs)')
    .addHelpText('after', `
As a relay (no --name): every event received on UDP is written to the buffer and leaves it only once the
collector has said it is durable. A collector that is down, or an agent that restarts, loses nothing; events get
an id, so a batch sent twice counts once. Events the collector refuses as invalid are counted and dropped. When
the buffer is full, the oldest events are dropped and counted.

Beside a service (--name): onboards it (hippodamia's onboarding request; a new uuid when no answer comes), pings
every --every, sends runtime (cpu, memory, disk, message counters) and config, answers the watchdog's commands
(ping, runtime, config, reonboarding, end), onboards again when heartbeats stop, and says end on SIGTERM; over
MQTT the last will says end too when the agent dies. Its gid and session are kept in the data folder
(default ~/.local/share/upto-agent-NAME).

Examples:
  upto agent --collector http://collector.internal:8123 --token-file /etc/upto/token
  upto agent --serve 0.0.0.0:8124          then on the collector: [sources.web1] type = "agent"  url = "http://web1:8124"
  upto agent --name api --type Web --every 60s --mqtt mqtt://broker.internal:1883
  upto agent --name api --type Web --collector http://collector.internal:8123
`)
    .action(async (options: Record<string, string | undefined>) => (await import('./agent-command.ts')).agentCommand(io, options))
}
