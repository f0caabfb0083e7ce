// upto agent: runs until SIGINT or SIGTERM. The relay (UDP in, disk buffer, out by --collector or --serve)
// unless it is beside a service (--name), where the relay runs only with --relay.

import type { Io } from '../cli/io.ts'
import { CliError, usageError } from '../cli/errors.ts'
import { uptoVersion } from '../cli/version.ts'
import { growYoungGenerationAtOnce } from '../cli/young-generation.ts'
import { ListenError } from '../core/errors.ts'
import { createLogger } from '../pipeline/log.ts'
import { type AgentCounters, createCounters } from './counters.ts'
import { agentId, lockFolder } from './data-folder.ts'
import { type AgentFlags, readRelayFlags } from './flags.ts'
import { localAddress } from './local-address.ts'
import { type Relay, startRelay } from './relay/relay.ts'
import type { ServiceAgent } from './service/service-agent.ts'
import { type ServiceFlagValues, readServiceFlags } from './service/service-flags.ts'

export type AgentCommandFlags = AgentFlags & ServiceFlagValues & { relay?: boolean }

export async function agentCommand(io: Io, flags: AgentCommandFlags): Promise<void> {
  const service = readServiceFlags(flags, uptoVersion())
  const settings = readRelayFlags(flags, io.env)
  const dataDir = flags.data ?? (service === undefined ? settings.dataDir : `${settings.dataDir}-${service.service.name}`)
  const relayOn = service === undefined || flags.relay === true
  if (relayOn && settings.collector === undefined && settings.serve === undefined) {
    throw usageError('upto agent needs somewhere to send: --collector URL (push to the collector) or --serve HOST:PORT (the collector pulls)')
  }
  if (settings.collector !== undefined && settings.serve !== undefined) {
    throw usageError('--collector and --serve both given: expected one way out of the buffer, push (--collector) or pull (--serve)')
  }
  if (service !== undefined && service.mqtt === undefined && settings.collector === undefined) {
    throw usageError(`--name ${service.service.name}: expected --mqtt URL (hippodamia over MQTT) or --collector URL (over HTTP) to onboard with`)
  }
  const log = createLogger({ sink: (line) => io.err(`${line}\n`), now: io.now })
  if (relayOn) growYoungGenerationAtOnce() // the process is a relay now: bursts of datagrams, as at the collector
  const release = lockFolder(dataDir)
  let relay: Relay | undefined
  let beside: ServiceAgent | undefined
  try {
    const id = agentId(dataDir, settings.id)
    const counters = createCounters()
    if (relayOn) relay = await relayOrExplain({ ...settings, dataDir, agentId: id, localAddress: localAddress(), counters, log })
    if (service !== undefined) {
      const { runService } = await import('./service/run-service.ts')
      const config = { name: service.service.name, type: service.service.type, every: flags.every ?? '60s', mqtt: service.mqtt?.href, collector: settings.collector?.href, relay: relayOn }
      beside = await runService({ settings: service, collector: settings.collector, token: settings.token, dataDir, agentId: id, config, relay: relayOn ? counters : undefined, log })
      log.info(`beside service ${service.service.name} (${service.service.type}), onboarding over ${service.mqtt === undefined ? `HTTP to ${settings.collector!.href}` : `MQTT ${service.mqtt.href}`}`)
    }
    log.info(`agent ${id}, data folder ${dataDir}`)
    const signal = await io.stopSignal()
    log.info(`${signal}: ${beside === undefined ? '' : 'saying end, '}writing the buffer out and closing`)
    await beside?.stop()
    await relay?.close()
    if (relay !== undefined) summary(log, counters, relay)
  } catch (error) {
    await beside?.stop().catch(() => undefined)
    await relay?.close().catch(() => undefined)
    throw error
  } finally {
    release()
  }
}

async function relayOrExplain(options: Parameters<typeof startRelay>[0]): Promise<Relay> {
  try {
    return await startRelay(options)
  } catch (error) {
    if (!(error instanceof ListenError)) throw error
    const where = `${error.transport} port ${error.port} on ${error.host}`
    if (error.reason === 'EADDRINUSE') throw new CliError(`${where} is already in use (a collector or another agent?): pass --port, or --serve HOST:PORT`)
    throw new CliError(error.message)
  }
}

function summary(log: { info(message: string): void }, counters: AgentCounters, relay: Relay): void {
  const { pending, droppedFull } = relay.buffer.stats()
  const refused = Object.values(counters.refusedByCollector).reduce((a, b) => a + b, 0)
  log.info(`closed: ${counters.received} events received, ${counters.forwarded} forwarded, ${pending} kept for the next start, ${droppedFull} dropped (buffer full), ${refused} refused by the collector`)
}
