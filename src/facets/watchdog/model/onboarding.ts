// An onboarding, pure: the gid and session a service gets, whether it was expected, and its record, which goes
// through `onboarding` to `onboarded` (the answer is sent at once).

import { expectationOf } from './expected.ts'
import { assignGid, type Known } from './identity.ts'
import { moveTo } from './states.ts'
import type { Enforcement, ExpectedService, Identifier, Service } from './types.ts'

export interface OnboardingInput {
  uuid: string
  identifier: Identifier
  via: Service['via']
  now: number
}

export interface Policy {
  expected: readonly ExpectedService[]
  enforcement: Enforcement
}

export type Onboarded =
  | { accepted: true; service: Service; previous?: Service; unexpected: boolean }
  | { accepted: false; reason: 'unexpected' }

export function onboard(input: OnboardingInput, known: Known, policy: Policy): Onboarded {
  const { gid, previous } = assignGid(input.identifier, known)
  const fresh: Service = {
    gid,
    session: (previous?.session ?? 0) + 1,
    uuid: input.uuid,
    identifier: input.identifier,
    state: previous?.state ?? 'onboarding',
    since: input.now,
    lastSeen: input.now,
    onboardedAt: input.now,
    via: input.via,
    history: previous?.history ?? [],
    ...(previous?.config === undefined ? {} : { config: previous.config }),
  }
  const expectation = expectationOf(policy.expected, fresh)
  const unexpected = policy.expected.length > 0 && expectation === undefined
  if (unexpected && policy.enforcement === 'ignore') return { accepted: false, reason: 'unexpected' }
  const marked: Service = {
    ...fresh,
    ...(expectation === undefined ? {} : { necessity: expectation.necessity }),
    ...(unexpected && policy.enforcement === 'strict' ? { unexpected: true } : {}),
  }
  // a first onboarding starts its history in `onboarding`; a service onboarding again moves there from where it was
  const entered: Service = previous === undefined
    ? { ...marked, history: [{ state: 'onboarding', at: input.now, why: 'onboarding' }] }
    : moveTo(marked, 'onboarding', input.now, 'onboarding')
  const service = moveTo(entered, 'onboarded', input.now, 'onboarding')
  return { accepted: true, service, ...(previous === undefined ? {} : { previous }), unexpected }
}
