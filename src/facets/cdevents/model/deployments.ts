// What runs where: from service events (deployed, upgraded, rolled back, removed), the version (artifact id) of
// each service in each environment now, with its history. A service is its subject.id, an environment its
// content.environment.id. Pure: the caller reads the service events from the lake.

import { isObject, type Accepted, type Json } from './cdevent.ts'

export type DeploymentKind = 'deployed' | 'upgraded' | 'rolledback' | 'removed'
const kinds: readonly string[] = ['deployed', 'upgraded', 'rolledback', 'removed']

export interface Deployment {
  service: string
  environment: string
  kind: DeploymentKind
  /** Absent for a removal. */
  artifactId?: string
  at: number
  contextId: string
}

export interface Running {
  service: string
  environment: string
  artifactId: string
  /** When this version got there, and how. */
  since: number
  kind: DeploymentKind
  /** Every deployment of this service in this environment, newest first. */
  history: Deployment[]
}

/** The deployments said by service events, oldest first; other events are left out. */
export function deploymentsOf(events: readonly Accepted[]): Deployment[] {
  const out: Deployment[] = []
  for (const e of events) {
    if (e.subject !== 'service' || !kinds.includes(e.predicate)) continue
    const c = e.event.subject.content
    const environment = idOf(c.environment)
    if (environment === undefined) continue
    const d: Deployment = { service: e.event.subject.id, environment, kind: e.predicate as DeploymentKind, at: e.timestamp, contextId: e.contextId }
    if (typeof c.artifactId === 'string' && c.artifactId !== '') d.artifactId = c.artifactId
    out.push(d)
  }
  return out.sort((a, b) => a.at - b.at)
}

/**
 * The version of each service in each environment after all these deployments, by environment then service; a
 * service whose last event removed it runs nowhere there.
 */
export function whatRunsWhere(deployments: readonly Deployment[], environment?: string): Running[] {
  const byPlace = new Map<string, Deployment[]>()
  for (const d of deployments) {
    if (environment !== undefined && d.environment !== environment) continue
    const key = `${d.environment}\0${d.service}`
    const list = byPlace.get(key)
    if (list === undefined) byPlace.set(key, [d])
    else list.push(d)
  }
  const out: Running[] = []
  for (const list of byPlace.values()) {
    const sorted = [...list].sort((a, b) => a.at - b.at)
    const last = sorted[sorted.length - 1]!
    if (last.kind === 'removed' || last.artifactId === undefined) continue
    out.push({ service: last.service, environment: last.environment, artifactId: last.artifactId, since: last.at, kind: last.kind, history: sorted.reverse() })
  }
  return out.sort((a, b) => (a.environment === b.environment ? cmp(a.service, b.service) : cmp(a.environment, b.environment)))
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function idOf(v: Json | undefined): string | undefined {
  return isObject(v) && typeof v.id === 'string' && v.id !== '' ? v.id : undefined
}
