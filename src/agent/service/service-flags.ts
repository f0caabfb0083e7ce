// The flags of upto agent beside a service, read once and checked.

import { usageError } from '../../cli/errors.ts'
import { readDuration } from '../flags.ts'
import type { ServiceFlags } from './identity.ts'

export interface ServiceFlagValues {
  name?: string
  type?: string
  every?: string
  mqtt?: string
  module?: string
  serviceVersion?: string
  location?: string
  room?: string
  device?: string
  description?: string
  onboardingTopic?: string
  answerWait?: string
}

export interface ServiceSettings {
  service: ServiceFlags
  everyMs: number
  answerWaitMs: number
  mqtt?: URL | undefined
  /** Where onboarding requests go over MQTT. */
  requestTopic: string
}

export function readServiceFlags(flags: ServiceFlagValues, version: string): ServiceSettings | undefined {
  if (flags.name === undefined) {
    for (const flag of ['type', 'every', 'mqtt'] as const) {
      if (flags[flag] !== undefined) throw usageError(`--${flag} is for an agent beside a service: expected --name NAME too (the service's name)`)
    }
    return undefined
  }
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(flags.name)) throw usageError(`invalid --name "${flags.name}": expected 1 to 64 letters, digits, dots, dashes or underscores`)
  const type = flags.type ?? 'Service'
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(type)) throw usageError(`invalid --type "${type}": expected a word like Web or Worker (its gids are TYPE-N)`)
  let mqtt: URL | undefined
  if (flags.mqtt !== undefined) {
    try {
      mqtt = new URL(flags.mqtt)
    } catch {
      throw usageError(`invalid --mqtt "${flags.mqtt}": expected the broker's URL, like mqtt://127.0.0.1:1883`)
    }
    if (!['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:'].includes(mqtt.protocol)) throw usageError(`invalid --mqtt "${flags.mqtt}": expected an mqtt://, mqtts://, ws:// or wss:// URL`)
  }
  return {
    service: {
      name: flags.name,
      type,
      module: flags.module ?? 'upto-agent',
      version: flags.serviceVersion ?? version,
      location: flags.location ?? '',
      room: flags.room ?? '',
      device: flags.device ?? '',
      description: flags.description ?? '',
    },
    everyMs: readDuration(flags.every ?? '60s', '--every'),
    answerWaitMs: readDuration(flags.answerWait ?? '10s', '--answer-wait'),
    mqtt,
    requestTopic: flags.onboardingTopic ?? 'hippodamia/onboarding/request',
  }
}
