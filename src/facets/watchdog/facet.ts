// The service watchdog: which services are alive, as hippodamia (of the MQTT-based pelops microservices) watched
// them. Services onboard, ping and end over MQTT (hippodamia's topics and messages, so its agents work unchanged)
// or HTTP; each moves through onboarded, active, inactive, lost, stopped and archived as it speaks or falls silent,
// and every change is a mark on the `services` timeline. `upto services` and /services show them.

import type { Facet } from '../types.ts'
import { addServicesCommand } from './commands.ts'

const duration = (description: string, byDefault: string) => ({ type: 'duration', description, default: byDefault }) as const
const topic = (description: string, byDefault: string) => ({ type: 'string', description, default: byDefault }) as const

export const watchdog: Facet = {
  name: 'watchdog',
  commands: addServicesCommand,
  settings: {
    watchdog_mqtt: { type: 'url', flag: '--mqtt', description: 'the MQTT broker the watchdog speaks hippodamia\'s protocol on, like mqtt://127.0.0.1:1883 (default: HTTP only)', expected: 'a URL like mqtt://127.0.0.1:1883' },
    watchdog_context: { type: 'string', description: 'the context whose "services" timeline shows every state change', default: 'services' },
    watchdog_topic_onboarding: topic('the topic onboarding requests arrive on', 'hippodamia/onboarding/request'),
    watchdog_topic_activity: topic('the base of activity topics: {base}/{gid}/ping|runtime|config|end|logger', 'hippodamia/activity'),
    watchdog_topic_command: topic('the base of command topics: {base}/end|reonboarding|ping_on_request|config_on_request|runtime_on_request', 'hippodamia/command'),
    watchdog_topic_heartbeat: topic('the topic the heartbeat is sent on', 'hippodamia/heartbeat'),
    watchdog_inactive_after: duration('an active service silent this long is inactive', '180s'),
    watchdog_lost_after: duration('a service silent this long is lost', '360s'),
    watchdog_stopped_after: duration('a service silent this long is stopped', '720s'),
    watchdog_archived_after: duration('a service stopped this long is archived', '1d'),
    watchdog_heartbeat_every: duration('how often the heartbeat is sent', '60s'),
    watchdog_send_ping: duration('how often services are told to ping', '60s'),
    watchdog_send_runtime: duration('how often services are told to send their runtime figures', '500s'),
    watchdog_send_config: duration('how often services are told to send their configuration', '3600s'),
    watchdog_expect_heartbeat: duration('after how long without a heartbeat services are told to onboard again', '500s'),
    watchdog_enforcement: { type: 'string', choices: ['none', 'ignore', 'strict'], description: 'a service not expected is accepted (none), ignored (ignore) or accepted and logged as an error (strict)', default: 'none' },
    watchdog_expected: { type: 'tables', description: 'the services expected: [[watchdog.expected]] gid, name, location, room, device, necessity = "required" or "optional"' },
  },
  collector: async (settings) => (await import('./collector.ts')).watchdogCollector(settings),
}
