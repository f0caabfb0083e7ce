// The watchdog's model: services as hippodamia knows them — who they are (their identifier), the gid they were
// given, their session, their state and how long they have been silent. Pure types.

/** A service's state, in the order a healthy then silent service goes through them. */
export type ServiceState = 'onboarding' | 'onboarded' | 'active' | 'inactive' | 'lost' | 'stopped' | 'archived'

export const serviceStates: readonly ServiceState[] = ['onboarding', 'onboarded', 'active', 'inactive', 'lost', 'stopped', 'archived']

export type Necessity = 'required' | 'optional'

/** What to do with a service that onboards and was not expected: accept it, ignore it, or accept it and log an error. */
export type Enforcement = 'none' | 'ignore' | 'strict'

/** The `identifier` of an onboarding request, as hippodamia's agent sends it. */
export interface Identifier {
  'last-gid'?: string
  'last-session'?: number
  type: string
  module?: string
  version?: string
  name: string
  location?: string
  room?: string
  device?: string
  description?: string
  'host-name'?: string
  'node-id'?: string
  'mqtt-client-local-ip'?: string
  ips?: string[]
  'mac-addresses'?: string[]
  'config-hash'?: string
}

/** One state a service was in, from when. */
export interface StateChange {
  state: ServiceState
  at: number
  /** Why: `timeout`, `activity`, `end agent`, `end last_will`, `onboarding`. */
  why: string
}

/** A runtime message's figures: cpu, memory, disk and message counters, as the service sent them. */
export type Runtime = Record<string, unknown>

export interface Service {
  gid: string
  /** How many times this service has onboarded. */
  session: number
  /** The uuid of the onboarding request that gave the current session. */
  uuid: string
  identifier: Identifier
  state: ServiceState
  /** When it entered its state. */
  since: number
  /** The last time it was heard from (onboarding or activity). */
  lastSeen: number
  /** When it onboarded this session. */
  onboardedAt: number
  /** Its own uptime, seconds, from its last ping. */
  serviceUptime?: number
  runtime?: Runtime
  /** Its configuration, secrets masked. */
  config?: unknown
  /** `http` or `mqtt`: how it speaks to the collector. */
  via: 'mqtt' | 'http'
  /** Set when the configuration expected it. */
  necessity?: Necessity
  /** Onboarded although not expected, under enforcement "strict". */
  unexpected?: boolean
  /** The latest state changes, oldest first (at most historyLength). */
  history: StateChange[]
}

export const historyLength = 50

/** How long a service may be silent, and a stopped one stay, before its state changes. Milliseconds. */
export interface Timeouts {
  /** Active (or onboarded) → inactive after this much silence. Hippodamia's wait_for_message_timeout: 180 s. */
  inactiveAfter: number
  /** → lost after this much silence. Hippodamia's deactivation_timeout: 360 s. */
  lostAfter: number
  /** → stopped after this much silence. */
  stoppedAfter: number
  /** Stopped → archived after this long stopped. Hippodamia's archivation_timeout: a day. */
  archivedAfter: number
}

export const defaultTimeouts: Timeouts = {
  inactiveAfter: 180_000,
  lostAfter: 360_000,
  stoppedAfter: 720_000,
  archivedAfter: 86_400_000,
}

/** A service the configuration expects (`[[watchdog.expected]]`): matched by every field it gives. */
export interface ExpectedService {
  gid?: string
  name?: string
  location?: string
  room?: string
  device?: string
  necessity: Necessity
}
