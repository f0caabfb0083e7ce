// Beside a service, hippodamia's agent behaviour: onboard (a new uuid each try, sent again when no answer
// comes), then ping, send runtime and config on their timings, answer commands, onboard again when the
// collector's heartbeats stop or it asks, and say end when stopped. The transport (MQTT or HTTP) carries the
// messages; the timers are injected, so tests drive time instead of waiting for it.

import { randomUUID } from 'node:crypto'
import {
  type CommandRequest, type Identifier, type OnboardingResponse, type Session, endMessage, onboardingRequest, pingMessage,
} from './messages.ts'

export interface Timers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  now: Date.now,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export type Activity = 'ping' | 'runtime' | 'config' | 'end'

export interface ServiceTransport {
  /** Sends the request; resolves with the response, or undefined when none came within `waitMs`. */
  onboard(request: ReturnType<typeof onboardingRequest>, waitMs: number): Promise<OnboardingResponse | undefined>
  /** Ready for the session: commands and heartbeats are listened to, the last will says this end. */
  activate(response: OnboardingResponse, lastWill: ReturnType<typeof endMessage>): Promise<void>
  /** Sends an activity message; resolves with a command the answer carries (HTTP), if any. */
  send(activity: Activity, message: object): Promise<CommandRequest | undefined>
  /** Commands addressed to this service, and heartbeats. */
  listen(onCommand: (command: CommandRequest) => void, onHeartbeat: () => void): void
  close(): Promise<void>
}

export interface ServiceAgentOptions {
  transport: ServiceTransport
  identifier: () => Identifier
  /** The topic the response is asked on (MQTT), given in the request. */
  onboardingTopic: (uuid: string) => string
  /** Milliseconds between pings; also runtime's and config's when the response gives no timings. */
  everyMs: number
  /** How long to wait for an onboarding response before sending a new request. */
  answerWaitMs: number
  runtime: (session: Session, uptimeSeconds: number) => object
  config: (session: Session) => object
  onSession?: (session: Session) => void
  log: { info(message: string): void; warn(message: string): void }
  timers?: Timers
  counters: { sent: number; received: number }
}

export interface ServiceAgent {
  /** The gid and session while onboarded. */
  session(): Session | undefined
  /** Resolves once onboarded for the first time. */
  onboarded(): Promise<Session>
  /** Says end (reason "agent") and closes the transport. */
  stop(): Promise<void>
}

export function startServiceAgent(options: ServiceAgentOptions): ServiceAgent {
  const { transport, log, counters } = options
  const timers = options.timers ?? realTimers
  const started = timers.now()
  let current: Session | undefined
  let response: OnboardingResponse | undefined
  let stopped = false
  let onboarding: Promise<void> | undefined
  let activation: Promise<void> | undefined
  let pending: unknown[] = []
  let heartbeatTimer: unknown
  let firstOnboarded: (session: Session) => void = () => {}
  const first = new Promise<Session>((resolve) => (firstOnboarded = resolve))
  const uptime = () => Math.round((timers.now() - started) / 1000)

  const clearAll = () => {
    for (const handle of pending) timers.clearTimeout(handle)
    pending = []
    if (heartbeatTimer !== undefined) timers.clearTimeout(heartbeatTimer)
    heartbeatTimer = undefined
  }

  const send = async (activity: Activity) => {
    const session = current
    if (session === undefined || stopped) return
    const message = activity === 'ping' ? pingMessage(session, timers.now(), uptime())
      : activity === 'runtime' ? options.runtime(session, uptime())
      : activity === 'config' ? options.config(session)
      : endMessage(session, 'agent')
    try {
      const answer = await transport.send(activity, message)
      counters.sent++
      if (answer !== undefined) command(answer)
    } catch (error) {
      log.warn(`could not send ${activity}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  /** Sends `activity` every `ms`, as long as this session lasts. */
  const every = (activity: Activity, ms: number) => {
    if (!(ms > 0)) return
    const tick = () => {
      void send(activity)
      pending.push(timers.setTimeout(tick, ms))
    }
    pending.push(timers.setTimeout(tick, ms))
  }

  const expectHeartbeat = () => {
    if (stopped) return // a heartbeat that came while end went out: no timer to keep the process alive
    const seconds = response?.timings['expect-heartbeat']
    if (seconds === undefined || !(seconds > 0)) return
    if (heartbeatTimer !== undefined) timers.clearTimeout(heartbeatTimer)
    heartbeatTimer = timers.setTimeout(() => {
      heartbeatTimer = undefined
      log.warn(`no heartbeat from the collector for ${seconds} s: onboarding again`)
      reonboard()
    }, seconds * 1000)
  }

  let inProgress = false
  const onboard = async () => {
    inProgress = true
    try {
      await onboardOnce()
    } finally {
      inProgress = false
    }
  }

  const onboardOnce = async () => {
    clearAll()
    current = undefined
    while (!stopped) {
      const uuid = randomUUID()
      const request = onboardingRequest(uuid, options.onboardingTopic(uuid), options.identifier(), timers.now())
      let answer: OnboardingResponse | undefined
      try {
        answer = await transport.onboard(request, options.answerWaitMs)
        counters.sent++
      } catch (error) {
        log.warn(`onboarding request not sent: ${error instanceof Error ? error.message : String(error)}`)
        await new Promise<void>((resolve) => pending.push(timers.setTimeout(resolve, options.answerWaitMs)))
        continue
      }
      if (answer === undefined) {
        log.warn(`no onboarding response within ${options.answerWaitMs} ms: asking again with a new uuid`)
        continue
      }
      if (stopped) return
      counters.received++
      response = answer
      const session = { gid: answer.gid, session: answer.session }
      options.onSession?.(session)
      // the session counts once its connection is made: stop() waits for it, so end is said on that connection
      activation = transport.activate(answer, endMessage(session, 'last_will'))
      try {
        await activation
      } finally {
        activation = undefined
      }
      current = session
      if (stopped) return
      log.info(`onboarded as ${answer.gid}, session ${answer.session}`)
      const { timings } = answer
      const ping = options.everyMs
      every('ping', ping)
      every('runtime', timings['send-runtime'] !== undefined ? timings['send-runtime'] * 1000 : ping)
      every('config', timings['send-config'] !== undefined ? timings['send-config'] * 1000 : 0)
      expectHeartbeat()
      // the collector hears from it at once: a ping, and its config on activation
      await send('ping')
      await send('config')
      firstOnboarded(current)
      return
    }
  }

  const reonboard = () => {
    if (stopped) return
    onboarding = (onboarding ?? Promise.resolve()).then(onboard)
  }

  const command = (request: CommandRequest) => {
    counters.received++
    if (request === 'reonboarding') return reonboard()
    if (request === 'end') {
      // the collector is going away: quiet until it asks for onboarding again or its heartbeats resume
      log.info('the collector said end: waiting for it to come back')
      clearAll()
      current = undefined
      return
    }
    void send(request)
  }

  transport.listen(command, () => {
    counters.received++
    if (current === undefined && response !== undefined && !inProgress) {
      // heartbeats again after an end: onboard again
      reonboard()
      return
    }
    expectHeartbeat()
  })
  reonboard()

  return {
    session: () => current,
    onboarded: () => first,
    async stop() {
      stopped = true
      clearAll()
      await activation?.catch(() => undefined)
      const session = current
      if (session !== undefined) {
        try {
          await transport.send('end', endMessage(session, 'agent'))
          counters.sent++
        } catch (error) {
          log.warn(`could not send end: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
      await transport.close()
    },
  }
}
