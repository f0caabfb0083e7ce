// The state machine, pure: a service's next state from what it did and how long it has been silent, at a time
// given by the caller (an injected clock). onboarding → onboarded → active on the first activity; silence makes it
// inactive, then lost, then stopped; an end stops it at once; stopped long enough, it is archived.

import { historyLength, type Service, type ServiceState, type StateChange, type Timeouts } from './types.ts'

/** The service in `state` from `at`, its history told (a state it is already in changes nothing). */
export function moveTo(service: Service, state: ServiceState, at: number, why: string): Service {
  if (service.state === state) return service
  const change: StateChange = { state, at, why }
  const history = [...service.history, change].slice(-historyLength)
  return { ...service, state, since: at, history }
}

/** Heard from: any activity (ping, runtime, config, logger) makes it active and resets its silence. */
export function heard(service: Service, at: number): Service {
  const seen = { ...service, lastSeen: Math.max(service.lastSeen, at) }
  return seen.state === 'active' ? seen : moveTo(seen, 'active', at, 'activity')
}

/** An end message (or its MQTT last will): stopped now. */
export function ended(service: Service, at: number, reason: string): Service {
  return moveTo({ ...service, lastSeen: Math.max(service.lastSeen, at) }, 'stopped', at, `end ${reason}`)
}

/** The state silence has brought it to by `now`; a state no timeout leads out of stays. */
export function stateAt(service: Service, now: number, timeouts: Timeouts): ServiceState {
  const silent = now - service.lastSeen
  switch (service.state) {
    case 'archived':
      return 'archived'
    case 'stopped':
      return now - service.since >= timeouts.archivedAfter ? 'archived' : 'stopped'
    default: {
      if (silent >= timeouts.stoppedAfter) return now - (service.lastSeen + timeouts.stoppedAfter) >= timeouts.archivedAfter ? 'archived' : 'stopped'
      if (silent >= timeouts.lostAfter) return 'lost'
      if (silent >= timeouts.inactiveAfter) return 'inactive'
      return service.state
    }
  }
}

/**
 * Applies the timeouts due by `now`, each change dated at its own deadline (a collector that was down for an hour
 * tells when the service really went inactive, lost and stopped, not when it looked).
 */
export function advance(service: Service, now: number, timeouts: Timeouts): Service {
  let current = service
  for (;;) {
    const due = deadline(current, timeouts)
    if (due === undefined || due > now) return current
    current = moveTo(current, nextState(current.state), due, 'timeout')
  }
}

/** When silence next changes its state, or undefined when nothing will (archived). */
export function deadline(service: Service, timeouts: Timeouts): number | undefined {
  switch (service.state) {
    case 'archived':
      return undefined
    case 'stopped':
      return service.since + timeouts.archivedAfter
    case 'lost':
      return service.lastSeen + timeouts.stoppedAfter
    case 'inactive':
      return service.lastSeen + timeouts.lostAfter
    default:
      return service.lastSeen + timeouts.inactiveAfter
  }
}

function nextState(state: ServiceState): ServiceState {
  switch (state) {
    case 'inactive':
      return 'lost'
    case 'lost':
      return 'stopped'
    case 'stopped':
      return 'archived'
    default:
      return 'inactive'
  }
}

/** Whether it counts as up: only an active service does. */
export const isUp = (service: Service): boolean => service.state === 'active'
