// Hippodamia's messages, as its agents send and read them (issue 20, "The protocol"): the onboarding request,
// the collector's response, activity (ping, runtime, config, end) and commands. Pure: builders and checks.

export interface Identifier {
  'last-gid': string | null
  'last-session': number | null
  type: string
  module: string
  version: string
  name: string
  location: string
  room: string
  device: string
  description: string
  'host-name': string
  'node-id': string
  'mqtt-client-local-ip': string
  ips: string[]
  'mac-addresses': string[]
  'config-hash': string
}

export interface OnboardingRequest {
  uuid: string
  'onboarding-topic': string
  'protocol-version': 1
  timestamp: string
  identifier: Identifier
}

export interface Timings {
  /** Seconds between two pings, runtimes, configs; after how many seconds without a heartbeat to onboard again. */
  'send-ping'?: number
  'send-runtime'?: number
  'send-config'?: number
  'expect-heartbeat'?: number
}

export interface ActivityTopics {
  ping: string
  runtime: string
  config: string
  end: string
  logger: string
}

export interface CommandTopics {
  end: string
  reonboarding: string
  ping_on_request: string
  config_on_request: string
  runtime_on_request: string
  heartbeat: string
}

export interface OnboardingResponse {
  uuid: string
  gid: string
  session: number
  'topics-activity': ActivityTopics
  'topics-commands': CommandTopics
  timings: Timings
}

export type CommandRequest = 'ping' | 'runtime' | 'config' | 'reonboarding' | 'end'

export function onboardingRequest(uuid: string, onboardingTopic: string, identifier: Identifier, now: number): OnboardingRequest {
  return { uuid, 'onboarding-topic': onboardingTopic, 'protocol-version': 1, timestamp: new Date(now).toISOString(), identifier }
}

/** Hippodamia's default topics for a gid, when a response leaves some out. */
export function defaultActivityTopics(gid: string, base = 'hippodamia/activity'): ActivityTopics {
  const topic = (what: string) => `${base}/${gid}/${what}`
  return { ping: topic('ping'), runtime: topic('runtime'), config: topic('config'), end: topic('end'), logger: topic('logger') }
}

export function defaultCommandTopics(base = 'hippodamia'): CommandTopics {
  const command = (what: string) => `${base}/command/${what}`
  return {
    end: command('end'), reonboarding: command('reonboarding'), ping_on_request: command('ping'),
    config_on_request: command('config'), runtime_on_request: command('runtime'), heartbeat: `${base}/heartbeat`,
  }
}

/**
 * The response to the request `uuid`, or a string saying why this is not one. Topics it leaves out are
 * hippodamia's defaults; timings must be numbers of seconds when given.
 */
export function readOnboardingResponse(value: unknown, uuid: string): OnboardingResponse | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object'
  const r = value as Record<string, unknown>
  if (r.uuid !== uuid) return `uuid ${JSON.stringify(r.uuid)} is not the request's ${uuid}`
  if (typeof r.gid !== 'string' || r.gid === '') return 'gid is missing: expected a string'
  if (typeof r.session !== 'number' || !Number.isSafeInteger(r.session)) return 'session is missing: expected a whole number'
  const timings: Timings = {}
  const given = (r.timings ?? {}) as Record<string, unknown>
  for (const key of ['send-ping', 'send-runtime', 'send-config', 'expect-heartbeat'] as const) {
    const seconds = given[key]
    if (seconds === undefined || seconds === null) continue
    if (typeof seconds !== 'number' || !(seconds >= 0)) return `timings.${key} is ${JSON.stringify(seconds)}: expected seconds, a number of 0 or more`
    timings[key] = seconds
  }
  return {
    uuid,
    gid: r.gid,
    session: r.session,
    'topics-activity': { ...defaultActivityTopics(r.gid), ...strings(r['topics-activity']) },
    'topics-commands': { ...defaultCommandTopics(), ...strings(r['topics-commands']) },
    timings,
  }
}

function strings(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {}
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''))
}

/** A command for this service: `{ request, gid? }` with no gid (all) or ours; undefined otherwise. */
export function readCommand(value: unknown, gid: string | undefined): CommandRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { request, gid: target } = value as { request?: unknown; gid?: unknown }
  if (target !== undefined && target !== null && target !== gid) return undefined
  return request === 'ping' || request === 'runtime' || request === 'config' || request === 'reonboarding' || request === 'end' ? request : undefined
}

/** Which command a topic carries, for commands whose message names none (hippodamia's topics say it). */
export function commandOfTopic(topics: CommandTopics, topic: string): CommandRequest | 'heartbeat' | undefined {
  if (topic === topics.heartbeat) return 'heartbeat'
  if (topic === topics.ping_on_request) return 'ping'
  if (topic === topics.runtime_on_request) return 'runtime'
  if (topic === topics.config_on_request) return 'config'
  if (topic === topics.reonboarding) return 'reonboarding'
  if (topic === topics.end) return 'end'
  return undefined
}

export interface Session {
  gid: string
  session: number
}

export function pingMessage({ gid, session }: Session, now: number, uptimeSeconds: number) {
  return { gid, session, timestamp: new Date(now).toISOString(), 'service-uptime': uptimeSeconds }
}

export function endMessage({ gid, session }: Session, reason: 'agent' | 'last_will') {
  return { gid, session, reason }
}
