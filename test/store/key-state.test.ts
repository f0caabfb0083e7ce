// A facet's key space (store/key-state.ts) on every store that holds one: what it keeps, in which order, apart from
// the events and from every other facet, across a reopen.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { keyBackends } from './state-backends.ts'

for (const backend of keyBackends) {
  describe(`a facet's key space on ${backend.name}`, () => {
    test('puts, reads, overwrites and deletes JSON values in one atomic batch', async () => {
      const { state, close } = await backend.open('graph')
      try {
        assert.equal(await state.get('nothing'), undefined)
        await state.write([{ put: 'a', value: { n: 1, tags: ['x'] } }, { put: 'b', value: 'two' }, { put: 'c', value: 0 }])
        assert.deepEqual(await state.get('a'), { n: 1, tags: ['x'] })
        assert.deepEqual(await state.getMany(['c', 'missing', 'b']), [0, undefined, 'two'])
        await state.write([{ put: 'a', value: null }, { del: 'b' }], { sync: true })
        assert.equal(await state.get('a'), null)
        assert.equal(await state.get('b'), undefined)
      } finally {
        await close()
      }
    })

    test('a batch with a value JSON cannot hold is refused whole, and the key space keeps taking writes', async () => {
      const { state, close } = await backend.open('graph')
      try {
        await assert.rejects(state.write([{ put: 'kept', value: 1 }, { put: 'bad', value: undefined }]), /key "bad": a value is needed/)
        await assert.rejects(state.write([{ put: 'kept', value: 1n }]), /BigInt/)
        assert.equal(await state.get('kept'), undefined)
        await state.write([{ put: 'kept', value: 2 }])
        assert.equal(await state.get('kept'), 2)
      } finally {
        await close()
      }
    })

    test('entries come in UTF-8 byte order, by prefix and bounds, reversed and limited', async () => {
      const { state, close } = await backend.open('graph')
      try {
        // U+FFFF sorts before U+1F600 in UTF-8 bytes, after it in UTF-16 units
        const keys = ['edge/b', 'edge/a', 'edge/\u{1F600}', 'edge/\uFFFF', 'edgy', 'node/1', 'edge']
        await state.write(keys.map((k, i) => ({ put: k, value: i })))
        const all = (await state.entries()).map(([k]) => k)
        assert.deepEqual(all, ['edge', 'edge/a', 'edge/b', 'edge/\uFFFF', 'edge/\u{1F600}', 'edgy', 'node/1'])
        assert.deepEqual((await state.entries({ prefix: 'edge/' })).map(([k]) => k), ['edge/a', 'edge/b', 'edge/\uFFFF', 'edge/\u{1F600}'])
        assert.deepEqual(await state.entries({ prefix: 'edge/', gt: 'edge/a', lte: 'edge/\uFFFF' }), [['edge/b', 0], ['edge/\uFFFF', 3]])
        assert.deepEqual((await state.entries({ prefix: 'edge/', reverse: true, limit: 2 })).map(([k]) => k), ['edge/\u{1F600}', 'edge/\uFFFF'])
        assert.deepEqual(await state.entries({ gte: 'z' }), [])
        assert.deepEqual(await state.entries({ gt: 'b', lt: 'a' }), [])
        assert.deepEqual(await state.entries({ prefix: 'nothing' }), [])
      } finally {
        await close()
      }
    })

    test('strings come back exactly: a leading U+FEFF, control characters, lone surrogates escaped by JSON', async () => {
      const { state, close } = await backend.open('graph')
      try {
        const odd = { '\uFEFFname': '\uFEFFbuild', nul: 'a\u0000b', lone: '\uD800' }
        await state.write([{ put: '\uFEFFkey', value: odd }])
        assert.deepEqual(await state.get('\uFEFFkey'), odd)
        assert.deepEqual((await state.entries()).map(([k]) => k), ['\uFEFFkey'])
      } finally {
        await close()
      }
    })

    test('each facet sees only its own keys, and the events do not see them', async () => {
      const { store, state, close } = await backend.open('ab')
      try {
        const other = store.state('a')
        assert.equal(other.kind, 'keys')
        await state.write([{ put: 'x', value: 'ab' }])
        if (other.kind === 'keys') {
          await other.write([{ put: 'bx', value: 'a' }])
          assert.deepEqual(await other.entries(), [['bx', 'a']])
          assert.equal(await other.get('x'), undefined)
        }
        assert.deepEqual(await state.entries(), [['x', 'ab']])
        const t = { context: 'ci', id: 'r1', created: 1 }
        await store.append([{ kind: 'new', context: 'ci', timeline: 'r1', name: '', host: 'h', time: 1, received: 1 }], [t])
        assert.deepEqual((await store.contexts()).map((c) => c.name), ['ci'])
        assert.deepEqual(await state.entries(), [['x', 'ab']])
      } finally {
        await close()
      }
    })

    test('a facet name that is not a lower-case word is refused', async () => {
      const { store, close } = await backend.open('graph')
      try {
        assert.throws(() => store.state('Graph'), /facet name "Graph": expected a lower-case word/)
        assert.throws(() => store.state('a\u0000b'), /expected a lower-case word/)
      } finally {
        await close()
      }
    })

    test('what was written is there after the store is opened again', async () => {
      const opened = await backend.open('watchdog')
      try {
        await opened.state.write([{ put: 'service/db-1', value: { state: 'active' } }])
        const again = await opened.reopen()
        assert.deepEqual(await again.get('service/db-1'), { state: 'active' })
      } finally {
        await opened.close()
      }
    })
  })
}
