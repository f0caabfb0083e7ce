// The part of the store contract about durability: what was appended is there after close and reopen.
// Registered by storeContract inside its describe; skipped for stores that cannot reopen.

import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { Store } from '../../src/store/types.ts'
import type { MadeStore } from './contract.ts'
import { message, t0, timeline, timelines } from './fixtures.ts'

export function reopenContract(current: () => { made: MadeStore; store: Store }, replace: (next: Store) => void): void {
  async function reopen(): Promise<Store> {
    const { made, store } = current()
    assert.ok(made.reopen)
    await store.close()
    const next = await made.reopen()
    replace(next)
    return next
  }

  it('still has everything after close and reopen', async (t) => {
    if (!current().made.reopen) return t.skip('this store cannot reopen')
    const { store } = current()
    const messages = [message('build', 'run-2', 'a', { attrs: { k: 'v' }, time: t0 + 0.5 }), message('ab', 'x', 'b')]
    await store.append(messages, [...timelines('build', 3), timeline('ab', 'x')])
    const before = {
      contexts: await store.contexts(),
      page: await store.timelines('build', { limit: 2 }),
      newest: await store.newest('build'),
    }
    const reopened = await reopen()
    assert.deepEqual(await reopened.contexts(), before.contexts)
    assert.deepEqual(await reopened.timelines('build', { limit: 2 }), before.page)
    assert.deepEqual(await reopened.newest('build'), before.newest)
    assert.deepEqual(await reopened.timeline('ab', 'x'), timeline('ab', 'x'))
    assert.deepEqual(await reopened.messages('build', 'run-2'), [messages[0]])
    assert.deepEqual(await reopened.messages('ab', 'x'), [messages[1]])
  })

  it('carries on after reopen without overwriting what came before', async (t) => {
    if (!current().made.reopen) return t.skip('this store cannot reopen')
    await current().store.append([message('build', '1', 'first'), message('build', '1', 'second')], [timeline('build', '1')])
    let reopened = await reopen()
    await reopened.append([message('build', '1', 'third')], [timeline('build', '2', t0)])
    reopened = await reopen()
    await reopened.append([message('build', '1', 'fourth')], [])
    const names = (await reopened.messages('build', '1')).map((m) => m.name)
    assert.deepEqual(names, ['first', 'second', 'third', 'fourth'])
    // Same created time: the timeline created after reopen is still the newer one.
    assert.equal((await reopened.newest('build'))?.id, '2')
    assert.deepEqual((await reopened.timelines('build')).items.map((i) => i.id), ['2', '1'])
  })
}
