// Hippodamia over MQTT (the `mqtt` package): the request on the onboarding topic, the response on the topic
// the request named, activity on the response's topics, commands and heartbeats on its command topics. Once
// onboarded, the connection is made again with the last will set to this session's end (reason "last_will"):
// the broker says it for the agent when the agent dies without a word.

import mqtt, { type MqttClient } from 'mqtt'
import { type CommandRequest, type CommandTopics, type OnboardingResponse, commandOfTopic, readCommand, readOnboardingResponse } from './messages.ts'
import type { Activity, ServiceTransport, Timers } from './service-agent.ts'

export interface MqttTransportOptions {
  url: string
  /** Where onboarding requests go: hippodamia/onboarding/request by default. */
  requestTopic: string
  clientId: string
  timers: Timers
  log: { warn(message: string): void }
}

export async function connectMqttTransport(options: MqttTransportOptions): Promise<ServiceTransport & { client(): MqttClient }> {
  const { timers, log } = options
  let client = await connect(options.url, options.clientId)
  let response: OnboardingResponse | undefined
  let onCommand: (command: CommandRequest) => void = () => {}
  let onHeartbeat: () => void = () => {}

  /** Commands and heartbeats, once the response told their topics. */
  const listenTo = (c: MqttClient, topics: CommandTopics) => {
    c.on('message', (topic, payload) => {
      const kind = commandOfTopic(topics, topic)
      if (kind === undefined) return
      if (kind === 'heartbeat') return onHeartbeat()
      let body: unknown = {}
      try {
        body = JSON.parse(payload.toString('utf8'))
      } catch {
        // a command whose body is not JSON: its topic says which
      }
      const named = typeof body === 'object' && body !== null && 'request' in body
      const command = named ? readCommand(body, response?.gid) : readCommand({ ...(body as object), request: kind }, response?.gid)
      if (command !== undefined) onCommand(command)
    })
  }

  return {
    client: () => client,
    async onboard(request, waitMs) {
      const topic = request['onboarding-topic']
      await client.subscribeAsync(topic, { qos: 1 })
      const answered = new Promise<OnboardingResponse | undefined>((resolve) => {
        const timer = timers.setTimeout(() => finish(undefined), waitMs)
        const listener = (t: string, payload: Buffer) => {
          if (t !== topic) return
          let value: unknown
          try {
            value = JSON.parse(payload.toString('utf8'))
          } catch {
            return log.warn(`onboarding response on ${topic} is not JSON: ignored`)
          }
          const read = readOnboardingResponse(value, request.uuid)
          if (typeof read === 'string') return log.warn(`onboarding response on ${topic} ignored: ${read}`)
          finish(read)
        }
        const finish = (answer: OnboardingResponse | undefined) => {
          timers.clearTimeout(timer)
          client.off('message', listener)
          resolve(answer)
        }
        client.on('message', listener)
      })
      await client.publishAsync(options.requestTopic, JSON.stringify(request), { qos: 1 })
      const answer = await answered
      await client.unsubscribeAsync(topic).catch(() => undefined)
      return answer
    },
    async activate(answer, lastWill) {
      response = answer
      // the old connection goes first (quietly: a will it had is not said); two of one client id would take
      // the broker's session from each other
      await client.endAsync().catch(() => undefined)
      client = await connect(options.url, options.clientId, { topic: answer['topics-activity'].end, payload: Buffer.from(JSON.stringify(lastWill)), qos: 1, retain: false })
      listenTo(client, answer['topics-commands'])
      await client.subscribeAsync(Object.values(answer['topics-commands']), { qos: 1 })
    },
    async send(activity: Activity, message: object) {
      if (response === undefined) return undefined
      await client.publishAsync(response['topics-activity'][activity], JSON.stringify(message), { qos: 1 })
      return undefined
    },
    listen(command, heartbeat) {
      onCommand = command
      onHeartbeat = heartbeat
    },
    async close() {
      await client.endAsync().catch(() => undefined)
    },
  }
}

async function connect(url: string, clientId: string, will?: mqtt.IClientOptions['will']): Promise<MqttClient> {
  try {
    return await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 1000, connectTimeout: 10_000, ...(will === undefined ? {} : { will }) })
  } catch (error) {
    throw new Error(`cannot connect to MQTT broker ${url}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
}
