import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { Encoder } from '@msgpack/msgpack'
import { Level } from 'level'
import type { Stored } from '../../src/core/types.ts'
import { messageKey, seqKey } from '../../src/store/level-keys.ts'
import { openLevelStore, recordMessages } from '../../src/store/level.ts'
import { message, t0, timeline } from './fixtures.ts'
import { tempFolder } from './temp-folder.ts'

const steps = (n: number, tl = 'run-1', context = 'build'): Stored[] =>
  Array.from({ length: n }, (_, i) => message(context, tl, `step${i}`, { time: t0 + i }))

test('keeps the order of a batch larger than one record, and of timelines interleaved in it', async () => {
  const { dir, remove } = await tempFolder()
  try {
    const store = await openLevelStore(join(dir, 'data'))
    const a = steps(2 * recordMessages + 17, 'a')
    const b = steps(5, 'b')
    const mixed = [...a.slice(0, 3), ...b.slice(0, 2), ...a.slice(3), ...b.slice(2)]
    await store.append(mixed, [timeline('build', 'a'), timeline('build', 'b', t0 + 1)])
    await store.append(steps(4, 'a').map((m) => ({ ...m, name: `late.${m.name}` })), [])
    assert.deepEqual((await store.messages('build', 'a')).map((m) => m.name),
      [...a.map((m) => m.name), 'late.step0', 'late.step1', 'late.step2', 'late.step3'])
    assert.deepEqual(await store.messages('build', 'b'), b)
    await store.close()
  } finally {
    await remove()
  }
})

test('reads a store written one message a record, and appends after it', async () => {
  const { dir, remove } = await tempFolder()
  const data = join(dir, 'data')
  try {
    // the layout before records were grouped: one msgpack map per key
    const old = steps(3)
    const db = new Level<string, Uint8Array>(data, { keyEncoding: 'utf8', valueEncoding: 'view' })
    const encoder = new Encoder({ ignoreUndefined: true })
    await db.batch(old.map((m, i) => ({ type: 'put' as const, key: messageKey('build', 'run-1', i + 1), value: encoder.encode(m) })))
    await db.put(seqKey, encoder.encode(3))
    await db.close()

    const store = await openLevelStore(data)
    const more = steps(2).map((m) => ({ ...m, kind: 'end' as const }))
    await store.append(more, [])
    assert.deepEqual(await store.messages('build', 'run-1'), [...old, ...more])
    await store.close()
  } finally {
    await remove()
  }
})

test('gives back an attr named __proto__ as a plain key', async () => {
  const { dir, remove } = await tempFolder()
  try {
    const store = await openLevelStore(join(dir, 'data'))
    const attrs = JSON.parse('{"__proto__": "x", "a": "b"}') as Record<string, string>
    await store.append([message('build', 'run-1', 'step', { attrs })], [timeline('build', 'run-1')])
    const [back] = await store.messages('build', 'run-1')
    assert.deepEqual(Object.keys(back?.attrs ?? {}), ['__proto__', 'a'])
    assert.equal(Object.getPrototypeOf(back?.attrs), Object.prototype)
    await store.close()
  } finally {
    await remove()
  }
})
