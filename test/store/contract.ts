// The behaviour every Store shares. Each implementation runs it: storeContract('level', make).

import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { Store } from '../../src/store/types.ts'
import { message, t0, timeline, timelines } from './fixtures.ts'
import { reopenContract } from './contract-reopen.ts'
import { retentionContract } from './contract-retention.ts'
import { stringsContract } from './contract-strings.ts'
import { contextPagesContract } from './contract-context-pages.ts'

export interface MadeStore {
  store: Store
  /** Opens the same data again; the suite closes `store` first. */
  reopen?: () => Promise<Store>
  cleanup?: () => Promise<void>
}

export type MakeStore = () => Promise<MadeStore>

export function storeContract(name: string, make: MakeStore): void {
  describe(`${name} store`, () => {
    let made: MadeStore
    let store: Store

    beforeEach(async () => {
      made = await make()
      store = made.store
    })
    afterEach(async () => {
      await store.close()
      await made.cleanup?.()
    })

    it('gives back every field of a message, fractional times and attrs included', async () => {
      const full = message('build', '1234', 'compile.link', {
        kind: 'end',
        host: 'ci-3.example',
        time: t0 + 0.125,
        received: t0 + 1.0625,
        status: 'error',
        message: 'linker ran out of memory',
        attrs: { commit: 'abc123', 'with space': 'a b', ünï: '日本 😀', empty: '' },
        id: 'retry-7',
      })
      const bare = message('build', '1234', '', { kind: 'new', time: t0 + 2.5, received: t0 + 2.5 })
      const mark = message('build', '1234', 'deployed', { kind: 'mark', time: -1.5 })
      await store.append([full, bare, mark], [timeline('build', '1234', t0 + 0.5)])
      assert.deepEqual(await store.messages('build', '1234'), [full, bare, mark])
    })

    it('leaves out fields that were undefined, as a real encoding does', async () => {
      const m = { ...message('build', '1', 'a'), status: undefined, attrs: undefined }
      await store.append([m], [timeline('build', '1')])
      const [back] = await store.messages('build', '1')
      assert.deepEqual(back, message('build', '1', 'a'))
    })

    it('keeps messages in append order, not time order', async () => {
      const names = ['c', 'a', 'b', 'a', 'd']
      await store.append([message('ctx', 'tl', 'c', { time: t0 + 5 })], [timeline('ctx', 'tl')])
      for (const [i, n] of names.slice(1).entries()) {
        await store.append([message('ctx', 'tl', n, { time: t0 - i })], [])
      }
      assert.deepEqual((await store.messages('ctx', 'tl')).map((m) => m.name), names)
    })

    it('lists timelines newest first, a page at a time', async () => {
      const all = timelines('build', 7)
      await store.append([], all.slice(0, 3))
      await store.append([], all.slice(3))
      const first = await store.timelines('build', { limit: 3 })
      assert.deepEqual(first.items.map((t) => t.id), ['run-7', 'run-6', 'run-5'])
      assert.equal(first.next, 'run-5')
      const second = await store.timelines('build', { limit: 3, before: first.next })
      assert.deepEqual(second.items.map((t) => t.id), ['run-4', 'run-3', 'run-2'])
      const last = await store.timelines('build', { limit: 3, before: second.next })
      assert.deepEqual(last, { items: [timeline('build', 'run-1', t0)] })
    })

    it('sets no next when a page ends exactly at the oldest timeline', async () => {
      await store.append([], timelines('build', 6))
      const first = await store.timelines('build', { limit: 3 })
      assert.equal(first.next, 'run-4')
      const second = await store.timelines('build', { limit: 3, before: 'run-4' })
      assert.equal(second.items.length, 3)
      assert.equal(second.next, undefined)
    })

    it('pages by 50 timelines unless told otherwise', async () => {
      await store.append([], timelines('build', 55))
      const first = await store.timelines('build')
      assert.equal(first.items.length, 50)
      assert.equal(first.items[0]?.id, 'run-55')
      assert.equal(first.next, 'run-6')
      assert.equal((await store.timelines('build', { before: first.next })).items.length, 5)
    })

    it('refuses a page size that is not a whole number of 1 or more', async () => {
      for (const limit of [0, -1, 1.5, Number.NaN]) {
        await assert.rejects(async () => store.timelines('build', { limit }), RangeError)
      }
    })

    it('answers newest() with the timeline created last', async () => {
      await store.append([], [timeline('deploy', 'v1', t0)])
      assert.deepEqual(await store.newest('deploy'), timeline('deploy', 'v1', t0))
      await store.append([], [timeline('deploy', 'v2', t0 + 10), timeline('deploy', 'v3', t0 + 10)])
      assert.equal((await store.newest('deploy'))?.id, 'v3')
    })

    it('orders timelines by created time, then by creation order', async () => {
      await store.append([], [timeline('deploy', 'late', t0 + 100)])
      await store.append([], [timeline('deploy', 'clock-stepped-back', t0)])
      assert.equal((await store.newest('deploy'))?.id, 'late')
      const page = await store.timelines('deploy')
      assert.deepEqual(page.items.map((t) => t.id), ['late', 'clock-stepped-back'])
      const [info] = await store.contexts()
      assert.equal(info?.newest.id, 'late')
    })

    it('looks up one timeline by context and id', async () => {
      await store.append([], [timeline('build', '1', t0 + 0.25), timeline('other', '2')])
      assert.deepEqual(await store.timeline('build', '1'), timeline('build', '1', t0 + 0.25))
      assert.equal(await store.timeline('build', '2'), undefined)
      assert.equal(await store.timeline('other', '1'), undefined)
    })

    it('lists contexts by name with their timeline counts and newest timeline', async () => {
      await store.append([], [timeline('deploy', 'a', t0), timeline('build', 'x', t0)])
      await store.append([], [timeline('deploy', 'b', t0 + 1)])
      assert.deepEqual(await store.contexts(), [
        { name: 'build', timelines: 1, newest: timeline('build', 'x', t0) },
        { name: 'deploy', timelines: 2, newest: timeline('deploy', 'b', t0 + 1) },
      ])
    })

    it('answers an unknown context or timeline with nothing, never an error', async () => {
      assert.deepEqual(await store.contexts(), [])
      await store.append([message('build', '1', 'a')], [timeline('build', '1')])
      assert.deepEqual(await store.timelines('nope'), { items: [] })
      assert.deepEqual(await store.timelines('build', { before: 'nope' }), { items: [] })
      assert.equal(await store.newest('nope'), undefined)
      assert.equal(await store.timeline('nope', '1'), undefined)
      assert.equal(await store.timeline('build', 'nope'), undefined)
      assert.deepEqual(await store.messages('nope', '1'), [])
      assert.deepEqual(await store.messages('build', 'nope'), [])
    })

    it('keeps interleaved contexts and timelines apart, even when names are prefixes', async () => {
      const contexts = ['a', 'ab', 'a b', 'a.b', 'a\u{7f}', 'ünï', '日本', '😀', '\u{ff21}']
      const ids = ['1', '12', 'x y', '1.2']
      const created = contexts.flatMap((c) => ids.map((id) => timeline(c, id)))
      const messages = ids.flatMap((id) => contexts.map((c) => message(c, id, `${c}/${id}`)))
      await store.append(messages.slice(0, 10), created)
      await store.append(messages.slice(10), [])
      for (const c of contexts) {
        for (const id of ids) assert.deepEqual(await store.messages(c, id), [message(c, id, `${c}/${id}`)])
        const page = await store.timelines(c)
        assert.deepEqual(page.items.map((t) => t.id).sort(), [...ids].sort())
      }
      const names = (await store.contexts()).map((c) => c.name)
      // UTF-8 byte order: what LevelDB keys and a "C" collation give.
      assert.deepEqual(names, ['a', 'a b', 'a.b', 'ab', 'a\u{7f}', 'ünï', '日本', '\u{ff21}', '😀'])
    })

    it('accepts an empty append and records nothing', async () => {
      await store.append([], [])
      assert.deepEqual(await store.contexts(), [])
    })

    it('records a timeline once, however often it is sent', async () => {
      await store.append([], [timeline('build', '1'), timeline('build', '1')])
      await store.append([], [timeline('build', '1', t0 + 5)])
      assert.deepEqual(await store.timelines('build'), { items: [timeline('build', '1')] })
      assert.equal((await store.contexts())[0]?.timelines, 1)
    })

    it('lands every one of concurrent appends, in the order they were made', async () => {
      const appends = Array.from({ length: 20 }, (_, i) =>
        store.append(
          [message('build', '1', `step-${i}.a`), message('build', '1', `step-${i}.b`)],
          i % 5 === 0 ? [timeline('build', `${i}`, t0 + i)] : [],
        ),
      )
      await Promise.all(appends)
      const names = (await store.messages('build', '1')).map((m) => m.name)
      assert.deepEqual(names, Array.from({ length: 20 }, (_, i) => [`step-${i}.a`, `step-${i}.b`]).flat())
      assert.deepEqual(await store.contexts(), [{ name: 'build', timelines: 4, newest: timeline('build', '15', t0 + 15) }])
    })

    it('hands out copies: changing an answer changes nothing stored', async () => {
      await store.append([message('build', '1', 'a', { attrs: { k: 'v' } })], [timeline('build', '1')])
      const [m] = await store.messages('build', '1')
      if (m?.attrs) m.attrs.k = 'changed'
      const info = await store.newest('build')
      if (info) info.id = 'changed'
      assert.equal((await store.messages('build', '1'))[0]?.attrs?.k, 'v')
      assert.equal((await store.newest('build'))?.id, '1')
    })

    reopenContract(() => ({ made, store }), (next) => (store = next))
    retentionContract(() => store)
    stringsContract(() => store)
    contextPagesContract(() => store)
  })
}
