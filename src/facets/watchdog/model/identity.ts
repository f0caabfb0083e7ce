// Which gid an onboarding service gets. The same service — the same (location, room, device, type, name) —
// keeps its gid across restarts; its `last-gid` is honoured when that gid is this same service's; any other is
// given `TYPE-N`, N the lowest number no service of the type holds. The session counts its onboardings.

import type { Identifier, Service } from './types.ts'

/** What makes two onboardings the same service. */
export function identityOf(identifier: Identifier): string {
  return [identifier.location, identifier.room, identifier.device, identifier.type, identifier.name].map((part) => part ?? '').join('\0')
}

export interface Known {
  byGid(gid: string): Service | undefined
  byIdentity(identity: string): Service | undefined
  /** Whether any service (archived too) holds this gid. */
  holds(gid: string): boolean
}

/** The gid of an onboarding service, and the service it already was (if it was one). */
export function assignGid(identifier: Identifier, known: Known): { gid: string; previous?: Service } {
  const identity = identityOf(identifier)
  const last = identifier['last-gid']
  const claimed = last === undefined ? undefined : known.byGid(last)
  if (claimed !== undefined && identityOf(claimed.identifier) === identity) return { gid: claimed.gid, previous: claimed }
  const same = known.byIdentity(identity)
  if (same !== undefined) return { gid: same.gid, previous: same }
  return { gid: lowestFree(identifier.type, known) }
}

function lowestFree(type: string, known: Known): string {
  for (let n = 1; ; n++) if (!known.holds(`${type}-${n}`)) return `${type}-${n}`
}
