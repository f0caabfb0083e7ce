// The watchdog with its timer: a state changes at its deadline (one timer on the earliest, not a scan), every
// change is a span on the `services` timeline, and a restart keeps gids, sessions and states.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dogFixture, request, t0 } from './fixture.ts'

const ping = (gid: string, session = 1) => ({ kind: 'ping' as const, gid, session, body: { gid, session, 'service-uptime': 12 } })

test('a silent service turns inactive, lost and stopped when each deadline passes, by the timer alone', async () => {
  const f = await dogFixture()
  const onboarded = f.dog.onboard(request('u1'), 'mqtt')
  assert.ok(onboarded.ok)
  assert.equal(onboarded.response.gid, 'Web-1')
  assert.equal(onboarded.response['topics-activity'].ping, 'hippodamia/activity/Web-1/ping')
  f.timers.advance(t0 + 10_000)
  assert.ok(f.dog.activity(ping('Web-1')).ok)
  assert.equal(f.dog.get('Web-1')!.state, 'active')
  assert.equal(f.dog.nextDeadline(), t0 + 10_000 + 180_000)
  f.timers.advance(t0 + 189_999)
  assert.equal(f.dog.get('Web-1')!.state, 'active')
  f.timers.advance(t0 + 190_000)
  assert.equal(f.dog.get('Web-1')!.state, 'inactive')
  f.timers.advance(t0 + 370_000)
  assert.equal(f.dog.get('Web-1')!.state, 'lost')
  f.timers.advance(t0 + 730_000)
  assert.equal(f.dog.get('Web-1')!.state, 'stopped')
  assert.deepEqual(f.dog.get('Web-1')!.history.map((h) => [h.state, h.at - t0]), [
    ['onboarding', 0], ['onboarded', 0], ['active', 10_000], ['inactive', 190_000], ['lost', 370_000], ['stopped', 730_000],
  ])
})

test('with many services the timer follows the earliest deadline as pings move them back', async () => {
  const f = await dogFixture()
  for (let i = 0; i < 100; i++) f.dog.onboard(request(`u${i}`, { name: `s${i}` }), 'mqtt')
  for (let i = 0; i < 100; i++) {
    f.timers.advance(t0 + 1000 * (i + 1))
    f.dog.activity(ping(`Web-${i + 1}`))
  }
  assert.equal(f.dog.nextDeadline(), t0 + 1000 + 180_000)
  // one timer on the earliest deadline (and the state writer's at most): not one a service, nor a scan a second
  assert.ok(f.timers.pending.size <= 2)
  assert.ok([...f.timers.pending.values()].some((t) => t.at <= t0 + 1000 + 180_000))
  f.timers.advance(t0 + 1000 + 180_000)
  assert.deepEqual(f.dog.services().filter((s) => s.state === 'inactive').map((s) => s.gid), ['Web-1'])
  f.dog.activity(ping('Web-1'))
  f.timers.advance(t0 + 50_000 + 180_000)
  assert.equal(f.dog.services().filter((s) => s.state === 'inactive').length, 49)
  assert.equal(f.dog.get('Web-1')!.state, 'active')
})

test('an end stops it; a ping of another session or an unknown gid asks for a new onboarding', async () => {
  const f = await dogFixture()
  f.dog.onboard(request('u1'), 'mqtt')
  const other = f.dog.activity(ping('Web-1', 7))
  assert.ok(!other.ok && other.refusal.refused === 'session')
  const unknown = f.dog.activity(ping('Web-9'))
  assert.ok(!unknown.ok && unknown.refusal.refused === 'unknown_gid')
  assert.deepEqual(f.refusals, ['session', 'unknown_gid'])
  f.dog.activity({ kind: 'end', gid: 'Web-1', session: 1, body: { gid: 'Web-1', session: 1, reason: 'last_will' } })
  assert.equal(f.dog.get('Web-1')!.state, 'stopped')
  assert.equal(f.dog.get('Web-1')!.history.at(-1)!.why, 'end last_will')
})

test('runtime figures are kept, and the configuration with its secrets masked', async () => {
  const f = await dogFixture()
  f.dog.onboard(request('u1'), 'mqtt')
  f.dog.activity({ kind: 'runtime', gid: 'Web-1', session: 1, body: { gid: 'Web-1', session: 1, timestamp: 'x', cpu: 3.5, 'mqtt-password': 'p' } })
  f.dog.activity({ kind: 'config', gid: 'Web-1', session: 1, body: { gid: 'Web-1', session: 1, config: { broker: { address: 'b', password: 'hunter2', username: 'me' } } } })
  assert.deepEqual(f.dog.get('Web-1')!.runtime, { cpu: 3.5, 'mqtt-password': '***' })
  assert.deepEqual(f.dog.get('Web-1')!.config, { broker: { address: 'b', password: '***', username: '***' } })
})

test('every state change ends the span of the state before and starts the next, on the services timeline', async () => {
  const f = await dogFixture()
  f.dog.onboard(request('u1'), 'mqtt')
  f.timers.advance(t0 + 5_000)
  f.dog.activity(ping('Web-1'))
  f.timers.advance(t0 + 185_000)
  const shown = f.marks.map((m) => `${m.kind} ${m.name} ${(m.time! - t0) / 1000}`)
  assert.deepEqual(shown, [
    'start Web-1.onboarding 0', 'end Web-1.onboarding 0', 'start Web-1.onboarded 0',
    'end Web-1.onboarded 5', 'start Web-1.active 5', 'end Web-1.active 185', 'start Web-1.inactive 185',
  ])
  assert.ok(f.marks.every((m) => m.context === 'services' && m.timeline === 'services' && m.host === 'web-1.example'))
  assert.equal(f.marks.at(-1)!.attrs?.why, 'timeout')
})

test('a restart keeps each service\'s gid, session and state, and the next onboarding counts the session up', async () => {
  const first = await dogFixture()
  first.dog.onboard(request('u1'), 'mqtt')
  first.dog.onboard(request('u2', { name: 'worker' }), 'mqtt')
  first.dog.activity(ping('Web-2'))
  await first.dog.close()
  const second = await dogFixture({ state: first.state, now: t0 + 60_000 })
  assert.deepEqual(second.dog.services().map((s) => [s.gid, s.state]).sort(), [['Web-1', 'onboarded'], ['Web-2', 'active']])
  const again = second.dog.onboard(request('u3', { name: 'worker', 'last-gid': 'Web-2' }), 'mqtt')
  assert.ok(again.ok)
  assert.equal(again.response.gid, 'Web-2')
  assert.equal(again.response.session, 2)
  const fresh = second.dog.onboard(request('u4', { name: 'third' }), 'mqtt')
  assert.ok(fresh.ok && fresh.response.gid === 'Web-3')
  // a collector down past the deadlines: the states it comes back to, dated at their deadlines
  await second.dog.close()
  const third = await dogFixture({ state: first.state, now: t0 + 3_600_000 })
  assert.equal(third.dog.get('Web-1')!.state, 'stopped')
  assert.equal(third.dog.get('Web-1')!.since, t0 + 720_000)
})
