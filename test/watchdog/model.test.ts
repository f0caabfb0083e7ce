// The watchdog's pure model: the state machine driven by an injected clock, gids that survive restarts,
// expected services and enforcement, secrets masked in a service's configuration.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { missing, requiredDown } from '../../src/facets/watchdog/model/expected.ts'
import { identityOf, type Known } from '../../src/facets/watchdog/model/identity.ts'
import { maskSecrets } from '../../src/facets/watchdog/model/mask.ts'
import { onboard, type Policy } from '../../src/facets/watchdog/model/onboarding.ts'
import { advance, deadline, ended, heard, stateAt } from '../../src/facets/watchdog/model/states.ts'
import { defaultTimeouts, type Identifier, type Service, type ServiceState } from '../../src/facets/watchdog/model/types.ts'

const t0 = Date.UTC(2026, 11, 2, 12, 0, 0)
const s = (seconds: number) => t0 + seconds * 1000
const anyone: Policy = { expected: [], enforcement: 'none' }

function knownOf(services: Service[]): Known {
  return {
    byGid: (gid) => services.find((x) => x.gid === gid),
    byIdentity: (identity) => services.find((x) => identityOf(x.identifier) === identity),
    holds: (gid) => services.some((x) => x.gid === gid),
  }
}

const id = (over: Partial<Identifier> = {}): Identifier => ({ type: 'Web', name: 'api', location: 'vienna', room: 'r1', device: 'd1', ...over })

function onboarded(at = t0, over: Partial<Identifier> = {}, known: Service[] = [], policy = anyone): Service {
  const result = onboard({ uuid: `u-${at}`, identifier: id(over), via: 'mqtt', now: at }, knownOf(known), policy)
  assert.ok(result.accepted)
  return result.service
}

describe('the state machine', () => {
  test('an onboarding goes through onboarding to onboarded, and the first activity makes it active', () => {
    const service = onboarded()
    assert.equal(service.state, 'onboarded')
    assert.deepEqual(service.history.map((h) => h.state), ['onboarding', 'onboarded'])
    const active = heard(service, s(5))
    assert.equal(active.state, 'active')
    assert.equal(active.since, s(5))
  })

  const silence: Array<[seconds: number, state: ServiceState]> = [
    [0, 'active'], [179.999, 'active'], [180, 'inactive'], [359, 'inactive'], [360, 'lost'], [719, 'lost'],
    [720, 'stopped'], [720 + 86_399, 'stopped'], [720 + 86_400, 'archived'],
  ]
  for (const [seconds, state] of silence) {
    test(`silent for ${seconds} s, an active service is ${state}`, () => {
      const active = heard(onboarded(), t0)
      assert.equal(stateAt(active, s(seconds), defaultTimeouts), state)
      assert.equal(advance(active, s(seconds), defaultTimeouts).state, state)
    })
  }

  test('each timeout is dated at its deadline, not when it was looked at', () => {
    const later = advance(heard(onboarded(), t0), s(3600), defaultTimeouts)
    assert.deepEqual(later.history.slice(-4).map((h) => [h.state, (h.at - t0) / 1000]), [['active', 0], ['inactive', 180], ['lost', 360], ['stopped', 720]])
  })

  test('an onboarded service that never speaks times out like a silent one', () => {
    assert.equal(advance(onboarded(), s(200), defaultTimeouts).state, 'inactive')
  })

  test('activity brings an inactive or lost service back to active', () => {
    for (const seconds of [200, 400]) {
      const silent = advance(heard(onboarded(), t0), s(seconds), defaultTimeouts)
      assert.equal(heard(silent, s(seconds)).state, 'active')
    }
  })

  test('an end stops it at once, and a day stopped archives it', () => {
    const stopped = ended(heard(onboarded(), t0), s(10), 'last_will')
    assert.equal(stopped.state, 'stopped')
    assert.equal(stopped.history.at(-1)!.why, 'end last_will')
    assert.equal(deadline(stopped, defaultTimeouts), s(10) + 86_400_000)
    assert.equal(advance(stopped, s(10 + 86_399), defaultTimeouts).state, 'stopped')
    assert.equal(advance(stopped, s(10 + 86_400), defaultTimeouts).state, 'archived')
    assert.equal(deadline(advance(stopped, s(10 + 86_400), defaultTimeouts), defaultTimeouts), undefined)
  })

  test('timeouts are configurable', () => {
    const short = { inactiveAfter: 1000, lostAfter: 2000, stoppedAfter: 3000, archivedAfter: 4000 }
    const active = heard(onboarded(), t0)
    assert.deepEqual([999, 1000, 2000, 3000, 6999, 7000].map((ms) => stateAt(active, t0 + ms, short)), ['active', 'inactive', 'lost', 'stopped', 'stopped', 'archived'])
  })
})

describe('gids', () => {
  test('a new service is TYPE-N with the lowest free N; the session counts its onboardings', () => {
    const a = onboarded(t0)
    assert.equal(a.gid, 'Web-1')
    assert.equal(a.session, 1)
    const b = onboarded(t0, { name: 'other' }, [a])
    assert.equal(b.gid, 'Web-2')
    const c = onboarded(t0, { name: 'third' }, [b])
    assert.equal(c.gid, 'Web-1', 'Web-1 is free again when no service holds it')
    assert.equal(onboarded(t0, { type: 'Db' }, [a, b]).gid, 'Db-1')
  })

  test('the same (location, room, device, type, name) keeps its gid across restarts, its session counting up', () => {
    const first = onboarded(t0)
    const other = onboarded(t0, { name: 'other' }, [first])
    const again = onboarded(s(60), {}, [first, other])
    assert.equal(again.gid, 'Web-1')
    assert.equal(again.session, 2)
    assert.equal(onboarded(s(70), { device: 'd2' }, [first, other]).gid, 'Web-3', 'another device is another service')
  })

  test('last-gid is honoured when it is this same service, not when it names another', () => {
    const first = onboarded(t0)
    const other = onboarded(t0, { name: 'other' }, [first])
    assert.equal(onboarded(s(5), { 'last-gid': 'Web-1' }, [first, other]).gid, 'Web-1')
    assert.equal(onboarded(s(5), { name: 'other', 'last-gid': 'Web-1' }, [first, other]).gid, 'Web-2')
    assert.equal(onboarded(s(5), { name: 'new', 'last-gid': 'Web-1' }, [first, other]).gid, 'Web-3')
  })

  test('a service onboarding again keeps its history and its configuration', () => {
    const first = { ...heard(onboarded(t0), s(1)), config: { a: 1 } }
    const again = onboarded(s(60), {}, [first])
    assert.deepEqual(again.history.map((h) => h.state), ['onboarding', 'onboarded', 'active', 'onboarding', 'onboarded'])
    assert.deepEqual(again.config, { a: 1 })
  })
})

describe('expected services and enforcement', () => {
  const expected = [
    { gid: 'Web-1', necessity: 'required' as const },
    { name: 'db', location: 'vienna', necessity: 'optional' as const },
    { name: 'queue', necessity: 'required' as const },
  ]
  test('an expected service is told its necessity; an unexpected one is accepted, ignored, or flagged', () => {
    assert.equal(onboarded(t0, {}, [], { expected, enforcement: 'none' }).necessity, 'required')
    assert.equal(onboarded(t0, { type: 'Db', name: 'db' }, [], { expected, enforcement: 'none' }).necessity, 'optional')
    const stranger = { uuid: 'u', identifier: id({ name: 'stranger', type: 'X' }), via: 'mqtt' as const, now: t0 }
    const none = onboard(stranger, knownOf([]), { expected, enforcement: 'none' })
    assert.ok(none.accepted && none.service.unexpected === undefined && none.unexpected)
    assert.deepEqual(onboard(stranger, knownOf([]), { expected, enforcement: 'ignore' }), { accepted: false, reason: 'unexpected' })
    const strict = onboard(stranger, knownOf([]), { expected, enforcement: 'strict' })
    assert.ok(strict.accepted && strict.service.unexpected === true)
    assert.ok(onboard(stranger, knownOf([]), { expected: [], enforcement: 'ignore' }).accepted, 'nothing expected: nothing is unexpected')
  })

  test('required services not active are down; entries no service matches are missing', () => {
    const web = heard(onboarded(t0, {}, [], { expected, enforcement: 'none' }), s(1))
    assert.equal(requiredDown(expected, [web]), 1, 'queue never came')
    assert.equal(requiredDown(expected, [advance(web, s(200), defaultTimeouts)]), 2)
    assert.deepEqual(missing(expected, [web]).map((e) => e.name), ['db', 'queue'])
  })
})

describe('secrets in a configuration', () => {
  test('values under keys naming password, secret, token, credential or user are masked at any depth', () => {
    const config = { mqtt: { address: 'x', 'mqtt-user': 'me', Password: 'p', nested: [{ api_token: 't', port: 1 }] }, credentials_file: '~/c', secretKey: { a: 1 }, username: 'u', level: 'DEBUG' }
    assert.deepEqual(maskSecrets(config), {
      mqtt: { address: 'x', 'mqtt-user': '***', Password: '***', nested: [{ api_token: '***', port: 1 }] },
      credentials_file: '***', secretKey: '***', username: '***', level: 'DEBUG',
    })
  })
})
