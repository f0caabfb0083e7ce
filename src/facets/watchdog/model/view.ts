// A service as the API answers it (GET /api/services): what `upto services` and the page show.

import { expectedLabel } from './expected.ts'
import type { ExpectedService, Service, ServiceState, StateChange } from './types.ts'

export interface ServiceView {
  gid: string
  name: string
  type: string
  state: ServiceState
  session: number
  host: string
  location?: string
  room?: string
  device?: string
  /** ISO times. */
  since: string
  last_seen: string
  onboarded_at: string
  /** Seconds: the service's own uptime from its last ping, else since it onboarded while it is up. */
  uptime?: number
  necessity?: ExpectedService['necessity']
  unexpected?: boolean
  via: Service['via']
  runtime?: Record<string, unknown>
  config?: unknown
  history: Array<{ state: ServiceState; at: string; why: string }>
}

/** An expected service no service has matched: shown as missing. */
export interface MissingView {
  expected: string
  necessity: ExpectedService['necessity']
}

export interface ServicesAnswer {
  services: ServiceView[]
  missing: MissingView[]
  required_down: number
  now: string
}

const iso = (ms: number) => new Date(ms).toISOString()
const changeView = (h: StateChange) => ({ state: h.state, at: iso(h.at), why: h.why })

export function serviceView(service: Service, now: number, full = true): ServiceView {
  const id = service.identifier
  const up = service.state === 'active' || service.state === 'onboarded'
  const uptime = service.serviceUptime ?? (up ? Math.round((now - service.onboardedAt) / 1000) : undefined)
  return {
    gid: service.gid,
    name: id.name,
    type: id.type,
    state: service.state,
    session: service.session,
    host: id['host-name'] ?? '',
    ...(id.location === undefined ? {} : { location: id.location }),
    ...(id.room === undefined ? {} : { room: id.room }),
    ...(id.device === undefined ? {} : { device: id.device }),
    since: iso(service.since),
    last_seen: iso(service.lastSeen),
    onboarded_at: iso(service.onboardedAt),
    ...(uptime === undefined ? {} : { uptime }),
    ...(service.necessity === undefined ? {} : { necessity: service.necessity }),
    ...(service.unexpected === true ? { unexpected: true } : {}),
    via: service.via,
    ...(full && service.runtime !== undefined ? { runtime: service.runtime } : {}),
    ...(full && service.config !== undefined ? { config: service.config } : {}),
    history: full ? service.history.map(changeView) : [],
  }
}

export const missingView = (expected: ExpectedService): MissingView => ({ expected: expectedLabel(expected), necessity: expected.necessity })

/** Order: required ones first, then by gid (Web-2 before Web-10). */
export function byImportance(a: ServiceView, b: ServiceView): number {
  const rank = (v: ServiceView) => (v.necessity === 'required' ? 0 : v.necessity === 'optional' ? 1 : 2)
  return rank(a) - rank(b) || a.gid.localeCompare(b.gid, 'en', { numeric: true })
}
