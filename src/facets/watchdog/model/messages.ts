// Hippodamia's messages, JSON: the onboarding request and response, activity (ping, runtime, config, end,
// logger), commands and the heartbeat. Reading one answers its fields or why it was refused — a reason for
// /metrics and words for the log — never throws.

import type { Identifier, Service } from './types.ts'

export const protocolVersion = 1

export type RefusalReason = 'malformed' | 'protocol_version' | 'shape' | 'unknown_gid' | 'session' | 'unexpected'

export interface Refusal {
  refused: RefusalReason
  detail: string
}

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && typeof (value as Refusal).refused === 'string'

export interface OnboardingRequest {
  uuid: string
  'onboarding-topic': string
  'protocol-version': number
  timestamp: string
  identifier: Identifier
}

export type ActivityKind = 'ping' | 'runtime' | 'config' | 'end' | 'logger'
export const activityKinds: readonly ActivityKind[] = ['ping', 'runtime', 'config', 'end', 'logger']

export interface Activity {
  kind: ActivityKind
  gid: string
  session: number
  /** The whole message: a runtime's figures, a config's configuration, a logger's record. */
  body: Record<string, unknown>
}

export type CommandRequest = 'ping' | 'runtime' | 'config' | 'reonboarding' | 'end'

export interface Command {
  request: CommandRequest
  gid?: string
}

export interface Topics {
  onboarding: string
  /** Activity arrives on `{activity}/{gid}/{kind}`. */
  activity: string
  /** Commands go to `{command}/end|reonboarding|ping_on_request|config_on_request|runtime_on_request`. */
  command: string
  heartbeat: string
}

export const defaultTopics: Topics = {
  onboarding: 'hippodamia/onboarding/request',
  activity: 'hippodamia/activity',
  command: 'hippodamia/command',
  heartbeat: 'hippodamia/heartbeat',
}

/** What a service is told to do, in seconds as hippodamia's agents read them. */
export interface AgentTimings {
  'send-ping': number
  'send-runtime': number
  'send-config': number
  'expect-heartbeat': number
}

export const defaultAgentTimings: AgentTimings = { 'send-ping': 60, 'send-runtime': 500, 'send-config': 3600, 'expect-heartbeat': 500 }

export const commandTopicNames: Readonly<Record<CommandRequest, string>> = {
  end: 'end',
  reonboarding: 'reonboarding',
  ping: 'ping_on_request',
  config: 'config_on_request',
  runtime: 'runtime_on_request',
}

export const commandTopic = (topics: Topics, request: CommandRequest): string => `${topics.command}/${commandTopicNames[request]}`

export const activityTopic = (topics: Topics, gid: string, kind: ActivityKind): string => `${topics.activity}/${gid}/${kind}`

const refuse = (refused: RefusalReason, detail: string): Refusal => ({ refused, detail })

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The JSON object of a message, or why it is none. */
export function parseObject(bytes: Uint8Array | string): Record<string, unknown> | Refusal {
  let value: unknown
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : utf8.decode(bytes))
  } catch (error) {
    return refuse('malformed', `not JSON (${error instanceof SyntaxError ? error.message : 'not UTF-8'}): expected a JSON object`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('shape', 'expected a JSON object')
  return value as Record<string, unknown>
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1000
const optionalText = ['module', 'version', 'location', 'room', 'device', 'description', 'host-name', 'node-id', 'mqtt-client-local-ip', 'config-hash', 'last-gid'] as const

export function readOnboardingRequest(value: Record<string, unknown>): OnboardingRequest | Refusal {
  if (value['protocol-version'] !== protocolVersion) {
    return refuse('protocol_version', `protocol-version ${JSON.stringify(value['protocol-version'])}: expected ${protocolVersion}`)
  }
  for (const key of ['uuid', 'onboarding-topic', 'timestamp'] as const) {
    if (!isText(value[key])) return refuse('shape', `${key} ${describe(value[key])}: expected a string`)
  }
  if (/[#+]/.test(value['onboarding-topic'] as string)) return refuse('shape', 'onboarding-topic: expected a topic without wildcards')
  const identifier = value.identifier
  if (typeof identifier !== 'object' || identifier === null || Array.isArray(identifier)) return refuse('shape', 'identifier: expected an object')
  const id = identifier as Record<string, unknown>
  for (const key of ['type', 'name'] as const) {
    if (!isText(id[key])) return refuse('shape', `identifier.${key} ${describe(id[key])}: expected a string`)
  }
  if (!/^[A-Za-z0-9_-]+$/.test(id.type as string)) return refuse('shape', `identifier.type ${JSON.stringify(id.type)}: expected letters, digits, _ and - (it names the gid, a segment of the services timeline)`)
  const read: Identifier = { type: id.type as string, name: id.name as string }
  for (const key of optionalText) {
    const v = id[key]
    if (v === undefined || v === null || v === '') continue
    if (typeof v !== 'string' && typeof v !== 'number') return refuse('shape', `identifier.${key} ${describe(v)}: expected a string`)
    read[key] = String(v)
  }
  const session = id['last-session']
  if (session !== undefined && session !== null) {
    if (!Number.isSafeInteger(session)) return refuse('shape', `identifier.last-session ${describe(session)}: expected a whole number`)
    read['last-session'] = session as number
  }
  for (const key of ['ips', 'mac-addresses'] as const) {
    const v = id[key]
    if (v === undefined || v === null) continue
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return refuse('shape', `identifier.${key}: expected a list of strings`)
    read[key] = v as string[]
  }
  return {
    uuid: value.uuid as string,
    'onboarding-topic': value['onboarding-topic'] as string,
    'protocol-version': protocolVersion,
    timestamp: value.timestamp as string,
    identifier: read,
  }
}

/** An activity message; `topicGid`, the gid its topic names (MQTT), must be the message's own. */
export function readActivity(kind: ActivityKind, value: Record<string, unknown>, topicGid?: string): Activity | Refusal {
  if (!isText(value.gid)) return refuse('shape', `${kind}: gid ${describe(value.gid)}: expected a string`)
  if (topicGid !== undefined && topicGid !== value.gid) return refuse('shape', `${kind}: gid "${value.gid}" on the topic of ${topicGid}: expected the same gid`)
  if (!Number.isSafeInteger(value.session)) return refuse('shape', `${kind}: session ${describe(value.session)}: expected a whole number`)
  if (kind === 'end' && value.reason !== 'agent' && value.reason !== 'last_will') {
    return refuse('shape', `end: reason ${describe(value.reason)}: expected "agent" or "last_will"`)
  }
  if (kind === 'ping' && value['service-uptime'] !== undefined && typeof value['service-uptime'] !== 'number') {
    return refuse('shape', `ping: service-uptime ${describe(value['service-uptime'])}: expected a number of seconds`)
  }
  return { kind, gid: value.gid, session: value.session as number, body: value }
}

/** The answer to an onboarding request, on its onboarding-topic. */
export function onboardingResponse(request: OnboardingRequest, service: Service, topics: Topics, timings: AgentTimings) {
  return {
    uuid: request.uuid,
    gid: service.gid,
    session: service.session,
    'topics-activity': Object.fromEntries(activityKinds.map((kind) => [kind, activityTopic(topics, service.gid, kind)])),
    'topics-commands': {
      end: commandTopic(topics, 'end'),
      reonboarding: commandTopic(topics, 'reonboarding'),
      ping_on_request: commandTopic(topics, 'ping'),
      config_on_request: commandTopic(topics, 'config'),
      runtime_on_request: commandTopic(topics, 'runtime'),
      heartbeat: topics.heartbeat,
    },
    timings,
  }
}

export const heartbeatMessage = (now: number) => ({ heartbeat: 'heartbeat', timestamp: new Date(now).toISOString() })

export const commandMessage = (request: CommandRequest, gid?: string): Command => (gid === undefined ? { request } : { request, gid })

export function readCommand(value: Record<string, unknown>): Command | Refusal {
  const request = value.request
  if (typeof request !== 'string' || !(request in commandTopicNames)) {
    return refuse('shape', `request ${describe(request)}: expected one of ${Object.keys(commandTopicNames).join(', ')}`)
  }
  if (value.gid !== undefined && !isText(value.gid)) return refuse('shape', `gid ${describe(value.gid)}: expected a string`)
  return commandMessage(request as CommandRequest, value.gid as string | undefined)
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
