// The part of the store contract about retention: deleteTimelinesBefore removes old timelines whole,
// oldest first, never a context's newest, and leaves every other answer as if they had never been.
// Registered by storeContract inside its describe.

import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { Store } from '../../src/store/types.ts'
import { message, t0, timeline } from './fixtures.ts'

const day = 86_400_000

export function retentionContract(current: () => Store): void {
  /** build: runs 1–4 one day apart (4 the newest); deploy: runs a (old, newest) ; each with two messages. */
  async function seed(store: Store): Promise<void> {
    const runs = [1, 2, 3, 4].map((n) => timeline('build', `run-${n}`, t0 + n * day))
    await store.append(
      runs.flatMap((r) => [message('build', r.id, 'compile'), message('build', r.id, 'test', { kind: 'end' })]),
      runs,
    )
    await store.append([message('deploy', 'a', 'db.migrate')], [timeline('deploy', 'a', t0)])
  }

  it('removes the timelines created before the cutoff with their messages, oldest first', async () => {
    const store = current()
    await seed(store)
    const removed = await store.deleteTimelinesBefore(t0 + 3 * day, 100)
    assert.deepEqual(removed, [timeline('build', 'run-1', t0 + day), timeline('build', 'run-2', t0 + 2 * day)])
    assert.deepEqual((await store.timelines('build')).items.map((t) => t.id), ['run-4', 'run-3'])
    assert.deepEqual(await store.messages('build', 'run-1'), [])
    assert.equal(await store.timeline('build', 'run-2'), undefined)
    assert.equal((await store.messages('build', 'run-3')).length, 2)
    const build = (await store.contexts()).find((c) => c.name === 'build')
    assert.deepEqual(build, { name: 'build', timelines: 2, newest: timeline('build', 'run-4', t0 + 4 * day) })
  })

  it('never removes the newest timeline of a context, however old', async () => {
    const store = current()
    await seed(store)
    const removed = await store.deleteTimelinesBefore(t0 + 100 * day, 100)
    assert.deepEqual(removed.map((t) => t.id), ['run-1', 'run-2', 'run-3'])
    assert.deepEqual(await store.contexts(), [
      { name: 'build', timelines: 1, newest: timeline('build', 'run-4', t0 + 4 * day) },
      { name: 'deploy', timelines: 1, newest: timeline('deploy', 'a', t0) },
    ])
    assert.equal((await store.messages('deploy', 'a')).length, 1)
    assert.equal((await store.newest('build'))?.id, 'run-4')
  })

  it('removes at most `limit` at a time, and nothing once none is left', async () => {
    const store = current()
    await seed(store)
    assert.deepEqual((await store.deleteTimelinesBefore(t0 + 100 * day, 2)).map((t) => t.id), ['run-1', 'run-2'])
    assert.deepEqual((await store.deleteTimelinesBefore(t0 + 100 * day, 2)).map((t) => t.id), ['run-3'])
    assert.deepEqual(await store.deleteTimelinesBefore(t0 + 100 * day, 2), [])
    assert.deepEqual(await store.deleteTimelinesBefore(t0 + 100 * day, 0), [])
  })

  it('keeps a timeline created exactly at the cutoff', async () => {
    const store = current()
    await seed(store)
    assert.deepEqual((await store.deleteTimelinesBefore(t0 + 2 * day, 100)).map((t) => t.id), ['run-1'])
  })

  it('lets a removed id be used again: a new timeline with none of the old messages', async () => {
    const store = current()
    await seed(store)
    await store.deleteTimelinesBefore(t0 + 2 * day, 100)
    await store.append([message('build', 'run-1', 'again')], [timeline('build', 'run-1', t0 + 5 * day)])
    assert.deepEqual((await store.messages('build', 'run-1')).map((m) => m.name), ['again'])
    assert.equal((await store.newest('build'))?.id, 'run-1')
    assert.equal((await store.contexts()).find((c) => c.name === 'build')?.timelines, 4)
  })

  it('goes on with appends made while it runs', async () => {
    const store = current()
    await seed(store)
    const appends = Array.from({ length: 10 }, (_, i) =>
      store.append([message('build', 'run-4', `late-${i}`)], i === 5 ? [timeline('build', 'run-5', t0 + 5 * day)] : []),
    )
    const removing = store.deleteTimelinesBefore(t0 + 4 * day, 100)
    await Promise.all([...appends, removing])
    assert.deepEqual((await removing).map((t) => t.id), ['run-1', 'run-2', 'run-3'])
    assert.equal((await store.messages('build', 'run-4')).length, 12)
    assert.deepEqual(await store.contexts().then((cs) => cs.find((c) => c.name === 'build')?.timelines), 2)
  })
}
