// The watchdog itself, whatever the transport: onboards services, hears their activity, moves them through their
// states when their deadlines pass (one timer on the earliest), tells every change to the `services` timeline and
// to whoever listens, and writes what changed to its state. MQTT (mqtt-link.ts) and HTTP (routes.ts) call it.

import { checkEvent, isRefused } from '../../core/validate.ts'
import type { Incoming } from '../../core/types.ts'
import type { Ingest } from '../../pipeline/ingest.ts'
import type { Logger } from '../../pipeline/log.ts'
import { DeadlineQueue } from './model/deadline-queue.ts'
import { identityOf, type Known } from './model/identity.ts'
import { maskSecrets } from './model/mask.ts'
import type { Activity, AgentTimings, OnboardingRequest, Refusal, RefusalReason, Topics } from './model/messages.ts'
import { onboardingResponse } from './model/messages.ts'
import { onboard, type Policy } from './model/onboarding.ts'
import { advance, deadline, ended, heard } from './model/states.ts'
import type { Service, ServiceState, StateChange, Timeouts } from './model/types.ts'
import type { ServiceStore } from './service-store.ts'

export interface Timers {
  set(run: () => void, ms: number): unknown
  clear(handle: unknown): void
}

const realTimers: Timers = {
  set: (run, ms) => {
    const handle = setTimeout(run, ms)
    handle.unref()
    return handle
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export interface WatchdogOptions {
  store: ServiceStore
  ingest: Ingest
  log: Logger
  now: () => number
  timeouts: Timeouts
  policy: Policy
  topics: Topics
  timings: AgentTimings
  /** The context the state changes are marks of; its one timeline is `services`. */
  context: string
  /** Counts refused messages by reason, and accepted ones by kind. */
  refused: (reason: RefusalReason) => void
  accepted: (kind: string) => void
  timers?: Timers
  /** How often what changed is written to the state; 1 s by default. */
  writeEvery?: number
}

export type ActivityOutcome = { ok: true; service: Service } | { ok: false; reonboard: true; refusal: Refusal }

export interface Watchdog {
  /** Loads the services kept in the state; call once before anything else. */
  load(): Promise<void>
  onboard(request: OnboardingRequest, via: Service['via']): { ok: true; service: Service; response: ReturnType<typeof onboardingResponse> } | { ok: false; refusal: Refusal }
  /** Activity from a service; a gid unknown, or a session not its current one, asks it to onboard again. */
  activity(activity: Activity): ActivityOutcome
  /** Applies every timeout due now (the timer calls it). */
  check(): void
  services(): Service[]
  get(gid: string): Service | undefined
  /** The earliest deadline, for tests and the timer. */
  nextDeadline(): number | undefined
  /** Hears every state change. */
  subscribe(listener: (service: Service, change: StateChange) => void): () => void
  /** Writes what changed. */
  flush(): Promise<void>
  close(): Promise<void>
}

export const timelineId = 'services'

/** The queue a state's deadline is kept in: onboarded and active ones time out alike. */
const queueOf = (state: ServiceState): string | undefined => (state === 'archived' ? undefined : state === 'onboarding' || state === 'onboarded' ? 'active' : state)

export function createWatchdog(options: WatchdogOptions): Watchdog {
  const { now, timeouts, log } = options
  const timers = options.timers ?? realTimers
  const services = new Map<string, Service>()
  const byIdentity = new Map<string, string>()
  const queues = new Map<string, DeadlineQueue>(['active', 'inactive', 'lost', 'stopped'].map((q) => [q, new DeadlineQueue()]))
  const dirty = new Set<string>()
  const listeners = new Set<(service: Service, change: StateChange) => void>()
  let armed: { at: number; handle: unknown } | undefined
  let closed = false
  let writing = Promise.resolve()

  const known: Known = {
    byGid: (gid) => services.get(gid),
    byIdentity: (identity) => {
      const gid = byIdentity.get(identity)
      return gid === undefined ? undefined : services.get(gid)
    },
    holds: (gid) => services.has(gid),
  }

  function place(service: Service): void {
    for (const queue of queues.values()) queue.delete(service.gid)
    const queue = queueOf(service.state)
    const at = deadline(service, timeouts)
    if (queue !== undefined && at !== undefined) queues.get(queue)!.set(service.gid, at)
  }

  /** Keeps the new record, telling each state change it made since the old one. */
  function keep(service: Service, old: Service | undefined): void {
    services.set(service.gid, service)
    byIdentity.set(identityOf(service.identifier), service.gid)
    dirty.add(service.gid)
    // its deadline moves with its state, its session and its silence
    if (old === undefined || old.state !== service.state || old.session !== service.session || old.lastSeen !== service.lastSeen) place(service)
    const before = old === undefined ? 0 : countSame(old.history, service.history)
    const changes = service.history.slice(before)
    let previous = old?.state
    for (const change of changes) {
      mark(service, previous, change)
      previous = change.state
      for (const listener of listeners) listener(service, change)
    }
    arm()
  }

  function mark(service: Service, previous: ServiceState | undefined, change: StateChange): void {
    const host = service.identifier['host-name'] ?? ''
    const attrs = { gid: service.gid, name: service.identifier.name, type: service.identifier.type, session: String(service.session), why: change.why }
    const events: Incoming[] = []
    if (previous !== undefined && previous !== 'archived') {
      events.push({ kind: 'end', context: options.context, name: `${service.gid}.${previous}`, host, time: change.at, timeline: timelineId })
    }
    events.push(change.state === 'archived'
      ? { kind: 'mark', context: options.context, name: `${service.gid}.archived`, host, time: change.at, timeline: timelineId, attrs }
      : { kind: 'start', context: options.context, name: `${service.gid}.${change.state}`, host, time: change.at, timeline: timelineId, status: change.state, attrs })
    const valid: Incoming[] = []
    for (const event of events) {
      const checked = checkEvent({ type: event.kind, context: event.context, name: event.name, host: event.host, time: event.time, timeline: event.timeline, status: event.status, attrs: event.attrs }, now())
      if (isRefused(checked)) log.limited('warn', 'watchdog mark refused', `watchdog: the mark of ${service.gid} ${change.state} was refused (${checked.detail})`)
      else valid.push(checked)
    }
    if (valid.length > 0 && !options.ingest.push(valid)) log.limited('warn', 'watchdog marks dropped', 'watchdog: the ingest queue is full: state marks dropped')
  }

  function earliest(): number | undefined {
    let at: number | undefined
    for (const queue of queues.values()) {
      const first = queue.first()
      if (first !== undefined && (at === undefined || first[1] < at)) at = first[1]
    }
    return at
  }

  function arm(): void {
    if (closed) return
    const at = earliest()
    if (at === undefined) return
    if (armed !== undefined && armed.at <= at) return
    if (armed !== undefined) timers.clear(armed.handle)
    armed = { at, handle: timers.set(fire, Math.max(0, at - now())) }
  }

  function fire(): void {
    armed = undefined
    watchdog.check()
  }

  let writer: unknown
  const writeEvery = options.writeEvery ?? 1000
  function scheduleWrite(): void {
    if (closed) return
    writer = timers.set(() => {
      void watchdog.flush().finally(scheduleWrite)
    }, writeEvery)
  }

  const watchdog: Watchdog = {
    async load() {
      const loaded = await options.store.all()
      loaded.sort((a, b) => (deadline(a, timeouts) ?? Infinity) - (deadline(b, timeouts) ?? Infinity))
      for (const service of loaded) {
        services.set(service.gid, service)
        byIdentity.set(identityOf(service.identifier), service.gid)
        place(service)
      }
      watchdog.check()
      scheduleWrite()
    },

    onboard(request, via) {
      const result = onboard({ uuid: request.uuid, identifier: request.identifier, via, now: now() }, known, options.policy)
      if (!result.accepted) {
        options.refused('unexpected')
        return { ok: false, refusal: { refused: 'unexpected', detail: `${request.identifier.type} ${JSON.stringify(request.identifier.name)} was not expected (enforcement "ignore")` } }
      }
      if (result.unexpected && options.policy.enforcement === 'strict') {
        log.error(`watchdog: ${result.service.gid} (${request.identifier.name}) onboarded but was not expected`)
      }
      options.accepted('onboarding')
      keep(result.service, result.previous)
      return { ok: true, service: result.service, response: onboardingResponse(request, result.service, options.topics, options.timings) }
    },

    activity(activity) {
      const old = services.get(activity.gid)
      if (old === undefined || old.state === 'archived') {
        options.refused('unknown_gid')
        return { ok: false, reonboard: true, refusal: { refused: 'unknown_gid', detail: `${activity.kind} from ${activity.gid}: no such service is onboarded` } }
      }
      if (activity.session !== old.session) {
        options.refused('session')
        return { ok: false, reonboard: true, refusal: { refused: 'session', detail: `${activity.kind} from ${activity.gid} of session ${activity.session}: its session is ${old.session}` } }
      }
      options.accepted(activity.kind)
      const at = now()
      let service = activity.kind === 'end' ? ended(old, at, String(activity.body.reason)) : heard(old, at)
      const { gid: _gid, session: _session, timestamp: _timestamp, ...rest } = activity.body
      if (activity.kind === 'ping' && typeof activity.body['service-uptime'] === 'number') service = { ...service, serviceUptime: activity.body['service-uptime'] }
      if (activity.kind === 'runtime') service = { ...service, runtime: maskSecrets(rest) as Record<string, unknown> }
      if (activity.kind === 'config') service = { ...service, config: maskSecrets(activity.body.config ?? rest) }
      keep(service, old)
      return { ok: true, service }
    },

    check() {
      const at = now()
      for (const queue of queues.values()) {
        for (let first = queue.first(); first !== undefined && first[1] <= at; first = queue.first()) {
          const old = services.get(first[0])
          if (old === undefined) {
            queue.delete(first[0])
            continue
          }
          const moved = advance(old, at, timeouts)
          if (moved === old) queue.delete(first[0]) // nothing due after all: a stale entry
          else keep(moved, old)
        }
      }
      arm()
    },

    services: () => [...services.values()],
    get: (gid) => services.get(gid),
    nextDeadline: earliest,

    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    flush() {
      writing = writing.then(async () => {
        if (dirty.size === 0) return
        const batch = [...dirty].flatMap((gid) => (services.has(gid) ? [services.get(gid)!] : []))
        dirty.clear()
        try {
          await options.store.put(batch)
        } catch (error) {
          for (const service of batch) dirty.add(service.gid)
          log.limited('warn', 'watchdog state write failed', `watchdog: writing ${batch.length} services failed (${(error as Error).message}); retried`)
        }
      })
      return writing
    },

    async close() {
      closed = true
      if (armed !== undefined) timers.clear(armed.handle)
      if (writer !== undefined) timers.clear(writer)
      await watchdog.flush()
    },
  }
  return watchdog
}

/** How many leading entries two histories share (a history is cut to its latest entries). */
function countSame(old: readonly StateChange[], fresh: readonly StateChange[]): number {
  if (old.length === 0) return 0
  const last = old.at(-1)!
  for (let i = fresh.length - 1; i >= 0; i--) {
    const h = fresh[i]!
    if (h.at === last.at && h.state === last.state && h.why === last.why) return i + 1
  }
  return 0
}
