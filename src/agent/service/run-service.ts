// Starts the agent beside a service: over MQTT when --mqtt is given, else over HTTP to --collector.

import { randomBytes } from 'node:crypto'
import type { AgentCounters } from '../counters.ts'
import { httpTransport } from './http-transport.ts'
import { identifier } from './identity.ts'
import { keepLastSession, readLastSession } from './last-session.ts'
import { runtimeMessage } from './runtime-figures.ts'
import { type ServiceAgent, realTimers, startServiceAgent } from './service-agent.ts'
import type { ServiceSettings } from './service-flags.ts'

export interface RunServiceOptions {
  settings: ServiceSettings
  collector?: URL | undefined
  token?: string | undefined
  dataDir: string
  agentId: string
  /** What the config message carries: the agent's settings, secrets left out. */
  config: Record<string, unknown>
  relay?: AgentCounters | undefined
  log: { info(message: string): void; warn(message: string): void }
}

export async function runService(options: RunServiceOptions): Promise<ServiceAgent> {
  const { settings, dataDir, log } = options
  const counters = { sent: 0, received: 0 }
  const transport = settings.mqtt !== undefined
    ? await (await import('./mqtt-transport.ts')).connectMqttTransport({
      url: settings.mqtt.href, requestTopic: settings.requestTopic, clientId: `upto-agent-${options.agentId}-${settings.service.name}`, timers: realTimers, log,
    })
    : httpTransport(options.collector!, options.token)
  const responseBase = settings.requestTopic.replace(/\/request$/, '/response')
  return startServiceAgent({
    transport, log, counters,
    everyMs: settings.everyMs,
    answerWaitMs: settings.answerWaitMs,
    identifier: () => identifier(settings.service, readLastSession(dataDir), options.config),
    // a topic of its own for each request: no other agent's response is read by mistake
    onboardingTopic: (uuid) => `${responseBase}/${uuid}-${randomBytes(2).toString('hex')}`,
    runtime: (session, uptime) => runtimeMessage(session, Date.now(), uptime, dataDir, {
      ...counters,
      ...(options.relay === undefined ? {} : { relayed: options.relay.forwarded, droppedFull: options.relay.droppedFull }),
    }),
    config: (session) => ({ gid: session.gid, session: session.session, timestamp: new Date().toISOString(), config: options.config }),
    onSession: (session) => keepLastSession(dataDir, session),
  })
}
