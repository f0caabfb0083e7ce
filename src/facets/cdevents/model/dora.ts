// The four DORA figures over a window, per service and environment, from the lake's events:
//   deployment frequency   deployments (deployed or upgraded) in the window, and per day
//   lead time for changes  change merged → its artifact first deployed there: an artifact.packaged names the
//                          change it was made from (content.change.id), the deployment names the artifact
//   change failure rate    deployments followed, before the next one, by an incident on that service and
//                          environment (detected or reported) or by a rollback, over all deployments
//   time to restore        incident detected (or reported) → resolved, by the incident's subject.id
// Lead times and restore times are given as their median, with their count. Pure.

import type { Accepted } from './cdevent.ts'
import { deploymentsOf, idOf, type Deployment } from './deployments.ts'

export const DAY = 86_400_000

export interface Window {
  from: number
  to: number
}

export interface Spread {
  count: number
  medianMs: number
}

export interface DoraFigures {
  service: string
  environment: string
  deployments: number
  deploymentsPerDay: number
  leadTime: Spread | null
  failedDeployments: number
  /** failed / deployments; null without deployments. */
  changeFailureRate: number | null
  timeToRestore: Spread | null
}

/** The subjects DORA reads. */
export const doraSubjects = ['service', 'change', 'artifact', 'incident'] as const

export function doraFigures(events: readonly Accepted[], window: Window, only: { service?: string; environment?: string } = {}): DoraFigures[] {
  const all = deploymentsOf(events)
  const merged = new Map<string, number>()
  const changeOfArtifact = new Map<string, string>()
  const incidents: Array<{ id: string; service?: string; environment?: string; predicate: string; at: number }> = []
  for (const e of events) {
    const c = e.event.subject.content
    if (e.subject === 'change' && e.predicate === 'merged') {
      const seen = merged.get(e.event.subject.id)
      if (seen === undefined || e.timestamp < seen) merged.set(e.event.subject.id, e.timestamp)
    } else if (e.subject === 'artifact' && e.predicate === 'packaged') {
      const change = idOf(c.change)
      if (change !== undefined) changeOfArtifact.set(e.event.subject.id, change)
    } else if (e.subject === 'incident') {
      const service = idOf(c.service)
      const environment = idOf(c.environment)
      incidents.push({ id: e.event.subject.id, predicate: e.predicate, at: e.timestamp, ...(service === undefined ? {} : { service }), ...(environment === undefined ? {} : { environment }) })
    }
  }

  const places = new Map<string, Deployment[]>()
  for (const d of all) {
    if (only.service !== undefined && d.service !== only.service) continue
    if (only.environment !== undefined && d.environment !== only.environment) continue
    const key = `${d.environment}\0${d.service}`
    places.set(key, [...(places.get(key) ?? []), d])
  }

  const days = Math.max(window.to - window.from, 1) / DAY
  const out: DoraFigures[] = []
  for (const list of places.values()) {
    const { service, environment } = list[0]!
    const deploys = list.filter((d) => d.kind === 'deployed' || d.kind === 'upgraded')
    const inWindow = deploys.filter((d) => d.at >= window.from && d.at < window.to)
    const firstAt = new Map<string, number>()
    for (const d of deploys) if (d.artifactId !== undefined && !firstAt.has(d.artifactId)) firstAt.set(d.artifactId, d.at)

    const leads: number[] = []
    for (const d of inWindow) {
      if (d.artifactId === undefined || firstAt.get(d.artifactId) !== d.at) continue
      const change = changeOfArtifact.get(d.artifactId)
      const at = change === undefined ? undefined : merged.get(change)
      if (at !== undefined && at <= d.at) leads.push(d.at - at)
    }

    const here = incidents.filter((i) => i.service === service && (i.environment === undefined || i.environment === environment))
    let failed = 0
    for (const d of inWindow) {
      const next = list.find((n) => n.at > d.at && n !== d && (n.kind === 'deployed' || n.kind === 'upgraded' || n.kind === 'rolledback'))
      const until = next?.at ?? Infinity
      const rolledBack = next?.kind === 'rolledback'
      const incident = here.some((i) => (i.predicate === 'detected' || i.predicate === 'reported') && i.at > d.at && i.at < until)
      if (rolledBack || incident) failed++
    }

    const restores: number[] = []
    const opened = new Map<string, number>()
    for (const i of [...here].sort((a, b) => a.at - b.at)) {
      if (i.predicate === 'detected' || i.predicate === 'reported') {
        if (!opened.has(i.id)) opened.set(i.id, i.at)
      } else if (i.predicate === 'resolved') {
        const start = opened.get(i.id)
        if (start !== undefined && i.at >= window.from && i.at < window.to) restores.push(i.at - start)
        opened.delete(i.id)
      }
    }

    out.push({
      service, environment,
      deployments: inWindow.length,
      deploymentsPerDay: inWindow.length / days,
      leadTime: spread(leads),
      failedDeployments: failed,
      changeFailureRate: inWindow.length === 0 ? null : failed / inWindow.length,
      timeToRestore: spread(restores),
    })
  }
  return out.sort((a, b) => (a.environment === b.environment ? (a.service < b.service ? -1 : 1) : a.environment < b.environment ? -1 : 1))
}

function spread(values: number[]): Spread | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { count: sorted.length, medianMs: median }
}
