// Hippodamia's protocol over MQTT: onboarding requests answered on their own onboarding-topic, activity heard on
// {activity}/{gid}/{kind}, a reonboarding request to a service whose ping names another session (or no known
// gid), commands, a heartbeat every interval, reonboarding for all at start (services onboarded with a collector
// before this one know it so) and an end command at shutdown. A broker away at start or later is retried every
// second, logged, never fatal: HTTP works meanwhile.

import { connect, type MqttClient } from 'mqtt'
import type { Logger } from '../../pipeline/log.ts'
import {
  activityKinds, commandMessage, commandTopic, heartbeatMessage, isRefusal, parseObject, readActivity, readOnboardingRequest,
  type ActivityKind, type CommandRequest, type RefusalReason, type Topics,
} from './model/messages.ts'
import type { Watchdog } from './watchdog.ts'

export interface MqttLink {
  /** Publishes a command to one service (gid) or to all. */
  command(request: CommandRequest, gid?: string): Promise<void>
  close(): Promise<void>
}

export interface MqttLinkOptions {
  url: string
  watchdog: Watchdog
  topics: Topics
  heartbeatEvery: number
  log: Logger
  now: () => number
  refused: (reason: RefusalReason) => void
}

export async function startMqttLink(options: MqttLinkOptions): Promise<MqttLink> {
  const { watchdog, topics, log } = options
  const client: MqttClient = connect(options.url, {
    clientId: `upto-watchdog-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    resubscribe: false, // subscribed again on each connect, below
  })
  const publish = (topic: string, message: unknown) =>
    client.publishAsync(topic, JSON.stringify(message), { qos: 1 }).then(() => {}, (error: Error) =>
      log.limited('warn', 'watchdog mqtt publish', `watchdog: publishing on ${topic} failed (${error.message})`))

  const activityPrefix = `${topics.activity}/`
  const refuse = (topic: string, reason: RefusalReason, detail: string) => {
    options.refused(reason)
    log.limited('warn', `watchdog refused ${reason}`, `watchdog: refused a message on ${topic} (${reason}): ${detail}`)
  }

  client.on('message', (topic, payload) => {
    try {
      const value = parseObject(payload)
      if (isRefusal(value)) return refuse(topic, value.refused, value.detail)
      if (topic === topics.onboarding) {
        const request = readOnboardingRequest(value)
        if (isRefusal(request)) return refuse(topic, request.refused, request.detail)
        const answer = watchdog.onboard(request, 'mqtt')
        if (answer.ok) void publish(request['onboarding-topic'], answer.response)
        else log.limited('info', 'watchdog unexpected', `watchdog: ${answer.refusal.detail}`)
        return
      }
      if (!topic.startsWith(activityPrefix)) return
      const [gid, kind, ...more] = topic.slice(activityPrefix.length).split('/')
      if (gid === undefined || more.length > 0 || !activityKinds.includes(kind as ActivityKind)) {
        return refuse(topic, 'shape', `expected a topic like ${activityPrefix}GID/ping`)
      }
      const activity = readActivity(kind as ActivityKind, value, gid)
      if (isRefusal(activity)) return refuse(topic, activity.refused, activity.detail)
      const outcome = watchdog.activity(activity)
      if (!outcome.ok && activity.kind !== 'end') {
        // a service that restarted its collector's memory, or another session's leftover: ask it to onboard again
        void publish(commandTopic(topics, 'reonboarding'), commandMessage('reonboarding', activity.gid))
      }
    } catch (error) {
      // a bug must not take the collector down with it
      log.limited('error', 'watchdog mqtt message', `watchdog: a message on ${topic} failed: ${(error as Error).stack ?? String(error)}`)
    }
  })
  client.on('error', (error) => log.limited('warn', 'watchdog mqtt error', `watchdog: MQTT ${options.url}: ${error.message} (retried every second)`))
  client.on('reconnect', () => log.limited('info', 'watchdog mqtt reconnect', `watchdog: reconnecting to ${options.url}`))

  let started = false
  client.on('connect', () => {
    client.subscribeAsync([topics.onboarding, `${activityPrefix}+/+`], { qos: 1 }).then(() => {
      log.info(`watchdog: speaking hippodamia's protocol on ${options.url} (onboarding on ${topics.onboarding})`)
      if (started) return
      started = true
      // services onboarded with a collector before this one: onboard again, so that every one is known
      void publish(commandTopic(topics, 'reonboarding'), commandMessage('reonboarding'))
    }, (error: Error) => log.warn(`watchdog: subscribing on ${options.url} failed (${error.message})`))
  })

  // a heartbeat is now or never: none is queued while the broker is away
  const beat = () => {
    if (client.connected) client.publish(topics.heartbeat, JSON.stringify(heartbeatMessage(options.now())), { qos: 0 })
  }
  const heartbeat = setInterval(beat, options.heartbeatEvery)
  heartbeat.unref()

  return {
    command: (request, gid) => publish(commandTopic(topics, request), commandMessage(request, gid)),
    async close() {
      clearInterval(heartbeat)
      if (client.connected) {
        const sent = publish(commandTopic(topics, 'end'), commandMessage('end'))
        await Promise.race([sent, new Promise((resolve) => setTimeout(resolve, 2_000).unref())])
      }
      await client.endAsync(!client.connected)
    },
  }
}
