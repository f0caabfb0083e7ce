import assert from 'node:assert/strict'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { StoreError } from '../../src/store/errors.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { message, timeline } from './fixtures.ts'
import { tempFolder } from './temp-folder.ts'

/** Every file of a folder with its bytes, to show it was left as it was. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'hex')
  return out
}

async function refusal(dir: string): Promise<StoreError> {
  const err = await openLevelStore(dir).then(
    async (store) => {
      await store.close()
      assert.fail(`${dir} opened`)
    },
    (e: unknown) => e,
  )
  assert.ok(err instanceof StoreError, `expected a StoreError, got ${String(err)}`)
  return err
}

describe('opening a level store', () => {
  let dir: string
  let remove: () => Promise<void>
  beforeEach(async () => ({ dir, remove } = await tempFolder()))
  afterEach(() => remove())

  it('creates the data folder, parents included, when it is missing', async () => {
    const data = join(dir, 'a', 'b', 'data')
    const store = await openLevelStore(data)
    await store.append([message('build', '1', 'x')], [timeline('build', '1')])
    await store.close()
    assert.ok((await readdir(data)).includes('CURRENT'))
  })

  it('opens an empty folder made beforehand', async () => {
    const store = await openLevelStore(dir, { sync: true })
    await store.append([message('build', '1', 'x')], [timeline('build', '1')])
    assert.equal((await store.messages('build', '1')).length, 1)
    await store.close()
  })

  it('refuses a folder held by another collector, naming the folder', async () => {
    const store = await openLevelStore(dir)
    try {
      const err = await refusal(dir)
      assert.equal(err.code, 'store_locked')
      assert.equal(err.dir, dir)
      assert.match(err.message, new RegExp(`data folder ${dir} is in use by another upto collector`))
      assert.match(err.message, /--data/)
    } finally {
      await store.close()
    }
  })

  it('refuses a folder with a garbage CURRENT file and leaves it untouched', async () => {
    await writeFile(join(dir, 'CURRENT'), 'garbage\x00\x01')
    await writeFile(join(dir, '000005.ldb'), 'not a table')
    const before = await snapshot(dir)
    const err = await refusal(dir)
    assert.equal(err.code, 'store_corrupt')
    assert.ok(err.message.includes(dir), err.message)
    assert.deepEqual(await snapshot(dir), before)
  })

  it('refuses a folder whose CURRENT names a missing manifest, untouched', async () => {
    await writeFile(join(dir, 'CURRENT'), 'MANIFEST-000007\n')
    const before = await snapshot(dir)
    const err = await refusal(dir)
    assert.equal(err.code, 'store_corrupt')
    assert.match(err.message, /MANIFEST-000007/)
    assert.deepEqual(await snapshot(dir), before)
  })

  it('refuses LevelDB tables without a CURRENT file rather than start afresh over them', async () => {
    await writeFile(join(dir, '000005.ldb'), 'table')
    await writeFile(join(dir, 'MANIFEST-000004'), 'manifest')
    const before = await snapshot(dir)
    assert.equal((await refusal(dir)).code, 'store_corrupt')
    assert.deepEqual(await snapshot(dir), before)
  })

  it('refuses a folder that holds other files, untouched', async () => {
    await writeFile(join(dir, 'notes.txt'), 'mine')
    await mkdir(join(dir, 'photos'))
    const before = await readdir(dir)
    const err = await refusal(dir)
    assert.equal(err.code, 'store_unreadable')
    assert.ok(err.message.includes(dir), err.message)
    assert.deepEqual(await readdir(dir), before)
  })

  it('refuses a path that is a file, not a folder', async () => {
    const file = join(dir, 'file')
    await writeFile(file, 'x')
    const err = await refusal(file)
    assert.equal(err.code, 'store_unreadable')
    assert.match(err.message, /is not a folder/)
    assert.equal(await readFile(file, 'utf8'), 'x')
  })
})
