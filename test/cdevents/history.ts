// A small delivery history, its figures computed by hand in delivery.test.ts. Hours from T0.
//
//   0h  change c1 merged            1h  artifact web@1 packaged from c1
//   2h  web deployed staging web@1  3h  api deployed prod api@7 (no change known)
//   4h  web deployed prod web@1     5h  incident i1 detected (web, prod)    7h  i1 resolved
//  10h  change c2 merged           11h  artifact web@2 packaged from c2
//  12h  web upgraded prod web@2    13h  web rolled back prod to web@1
//  20h  web upgraded prod web@2 again                                     30h  web removed from staging

import { createValidator, isRefusal } from '../../src/facets/cdevents/validate.ts'
import type { Accepted } from '../../src/facets/cdevents/model/cdevent.ts'

export const T0 = Date.UTC(2025, 5, 1)
export const HOUR = 3_600_000
const validator = createValidator()

export function cdevent(type: string, subjectId: string, hour: number, content: Record<string, unknown>): any {
  return {
    context: { specversion: '0.5.0', id: `${type}/${subjectId}/${hour}`, source: '/ci', type: `dev.cdevents.${type}`, timestamp: new Date(T0 + hour * HOUR).toISOString() },
    subject: { id: subjectId, source: '/ci', content },
  }
}

export function accepted(value: unknown): Accepted {
  const a = validator.check(value, T0)
  if (isRefusal(a)) throw new Error(`${a.reason}: ${a.detail}`)
  return a
}

const repo = { repository: { id: 'org/web' } }
export const historyEvents = [
  cdevent('change.merged.0.3.0', 'c1', 0, repo),
  cdevent('artifact.packaged.0.3.0', 'pkg:oci/web@1', 1, { change: { id: 'c1' } }),
  cdevent('service.deployed.0.3.0', 'web', 2, { environment: { id: 'staging' }, artifactId: 'pkg:oci/web@1' }),
  cdevent('service.deployed.0.3.0', 'api', 3, { environment: { id: 'prod' }, artifactId: 'pkg:oci/api@7' }),
  cdevent('service.deployed.0.3.0', 'web', 4, { environment: { id: 'prod' }, artifactId: 'pkg:oci/web@1' }),
  cdevent('incident.detected.0.3.0', 'i1', 5, { environment: { id: 'prod' }, service: { id: 'web' }, description: 'errors' }),
  cdevent('incident.resolved.0.3.0', 'i1', 7, { environment: { id: 'prod' }, service: { id: 'web' } }),
  cdevent('change.merged.0.3.0', 'c2', 10, repo),
  cdevent('artifact.packaged.0.3.0', 'pkg:oci/web@2', 11, { change: { id: 'c2' } }),
  cdevent('service.upgraded.0.3.0', 'web', 12, { environment: { id: 'prod' }, artifactId: 'pkg:oci/web@2' }),
  cdevent('service.rolledback.0.3.0', 'web', 13, { environment: { id: 'prod' }, artifactId: 'pkg:oci/web@1' }),
  cdevent('service.upgraded.0.3.0', 'web', 20, { environment: { id: 'prod' }, artifactId: 'pkg:oci/web@2' }),
  cdevent('service.removed.0.3.0', 'web', 30, { environment: { id: 'staging' } }),
]

export const history: Accepted[] = historyEvents.map(accepted)
