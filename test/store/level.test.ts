import assert from 'node:assert/strict'
import { test } from 'node:test'
import { join } from 'node:path'
import { openLevelStore } from '../../src/store/level.ts'
import { storeContract } from './contract.ts'
import { tempFolder } from './temp-folder.ts'

storeContract('level', async () => {
  const { dir, remove } = await tempFolder()
  const data = join(dir, 'data')
  return { store: await openLevelStore(data), reopen: () => openLevelStore(data), cleanup: remove }
})

test('says which of many timelines exist in one read', async () => {
  const { dir, remove } = await tempFolder()
  const store = await openLevelStore(join(dir, 'data'))
  try {
    const created = ['a', 'b', 'c'].map((id, i) => ({ context: 'ci', id, created: i }))
    await store.append([], created)
    await store.append([], [{ context: 'other', id: 'd', created: 5 }])
    assert.deepEqual(await store.existing('ci', ['c', 'x', 'a', 'd']), new Set(['c', 'a']))
    assert.deepEqual(await store.existing('ci', []), new Set())
  } finally {
    await store.close()
    await remove()
  }
})
