// The facet's keys, read once at start: timeouts, topics, timings, and the expected services checked here (the
// configuration takes any list of tables for them).

import { parseDuration } from '../../core/duration.ts'
import { UptoError } from '../../core/errors.ts'
import type { AgentTimings, Topics } from './model/messages.ts'
import type { Policy } from './model/onboarding.ts'
import type { Enforcement, ExpectedService, Timeouts } from './model/types.ts'

export interface WatchdogSettings {
  mqtt?: string
  context: string
  topics: Topics
  timeouts: Timeouts
  heartbeatEvery: number
  timings: AgentTimings
  policy: Policy
}

export function readWatchdogSettings(settings: Readonly<Record<string, unknown>>): WatchdogSettings {
  // milliseconds from the configuration; a default's own words ('180s') when the collector was started in code
  const ms = (key: string) => {
    const value = settings[key]
    const parsed = typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : undefined
    if (parsed === undefined) throw new UptoError('usage', `invalid ${key} ${JSON.stringify(value)}: expected a duration like 180s`)
    return parsed
  }
  const seconds = (key: string) => Math.round(ms(key) / 1000)
  const timeouts = { inactiveAfter: ms('watchdog_inactive_after'), lostAfter: ms('watchdog_lost_after'), stoppedAfter: ms('watchdog_stopped_after'), archivedAfter: ms('watchdog_archived_after') }
  if (!(timeouts.inactiveAfter < timeouts.lostAfter && timeouts.lostAfter < timeouts.stoppedAfter)) {
    throw new UptoError('usage', `invalid watchdog timeouts: expected watchdog_inactive_after < watchdog_lost_after < watchdog_stopped_after, got ${timeouts.inactiveAfter / 1000} s, ${timeouts.lostAfter / 1000} s, ${timeouts.stoppedAfter / 1000} s`)
  }
  const mqtt = settings.watchdog_mqtt as string | undefined
  if (mqtt !== undefined && !/^(mqtts?|wss?|tcp|tls):\/\//.test(mqtt)) {
    throw new UptoError('usage', `invalid watchdog_mqtt ${JSON.stringify(mqtt)}: expected a URL like mqtt://127.0.0.1:1883`)
  }
  return {
    ...(mqtt === undefined ? {} : { mqtt }),
    context: settings.watchdog_context as string,
    topics: {
      onboarding: settings.watchdog_topic_onboarding as string,
      activity: (settings.watchdog_topic_activity as string).replace(/\/+$/, ''),
      command: (settings.watchdog_topic_command as string).replace(/\/+$/, ''),
      heartbeat: settings.watchdog_topic_heartbeat as string,
    },
    timeouts,
    heartbeatEvery: ms('watchdog_heartbeat_every'),
    timings: { 'send-ping': seconds('watchdog_send_ping'), 'send-runtime': seconds('watchdog_send_runtime'), 'send-config': seconds('watchdog_send_config'), 'expect-heartbeat': seconds('watchdog_expect_heartbeat') },
    policy: { enforcement: settings.watchdog_enforcement as Enforcement, expected: readExpected(settings.watchdog_expected) },
  }
}

const fields = ['gid', 'name', 'location', 'room', 'device'] as const

export function readExpected(value: unknown): ExpectedService[] {
  if (value === undefined) return []
  return (value as Array<Record<string, unknown>>).map((item, i) => {
    const where = `watchdog.expected[${i}]`
    const unknown = Object.keys(item).filter((key) => key !== 'necessity' && !(fields as readonly string[]).includes(key))
    if (unknown.length > 0) throw new UptoError('usage', `unknown key ${unknown[0]} in ${where}: expected gid, name, location, room, device or necessity`)
    if (item.necessity !== 'required' && item.necessity !== 'optional') {
      throw new UptoError('usage', `invalid ${where}.necessity ${JSON.stringify(item.necessity)}: expected "required" or "optional"`)
    }
    const expected: ExpectedService = { necessity: item.necessity }
    for (const field of fields) {
      const v = item[field]
      if (v === undefined) continue
      if (typeof v !== 'string' && typeof v !== 'number') throw new UptoError('usage', `invalid ${where}.${field} ${JSON.stringify(v)}: expected a string`)
      expected[field] = String(v)
    }
    if (fields.every((field) => expected[field] === undefined)) throw new UptoError('usage', `invalid ${where}: expected a gid, name, location, room or device to know the service by`)
    return expected
  })
}
