// The part of the store contract about paging contexts: by name in code point order (UTF-8 byte order, the
// same in every store), a page at a time, by name prefix. Registered by storeContract inside its describe.

import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { Store } from '../../src/store/types.ts'
import { message, timeline } from './fixtures.ts'

// in code point order: U+FFFF sorts before an astral character, though its UTF-16 code unit is the greater
const NAMES = ['build', 'build-docs', 'build.nightly', 'deploy', 'deploy-web', 'Z-last-in-ascii', 'é-accent', '\uffff-max-bmp', '😀-astral']
const ORDERED = [...NAMES].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))

async function seed(store: Store): Promise<void> {
  await store.append(NAMES.map((n) => message(n, 'run-1', 'step')), NAMES.map((n) => timeline(n, 'run-1')))
}

export function contextPagesContract(current: () => Store): void {
  it('pages contexts by name in code point order, a page at a time', async () => {
    const store = current()
    await seed(store)
    const seen: string[] = []
    let after: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = await store.contextPage({ limit: 4, ...(after === undefined ? {} : { after }) })
      seen.push(...page.items.map((c) => c.name))
      assert.ok(page.items.length <= 4)
      if (page.next === undefined) break
      after = page.next
    }
    assert.deepEqual(seen, ORDERED)
    assert.deepEqual(seen, (await store.contexts()).map((c) => c.name).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))))
    const [first] = (await store.contextPage({ limit: 1 })).items
    assert.deepEqual(first, { name: ORDERED[0], timelines: 1, newest: timeline(ORDERED[0]!, 'run-1') })
  })

  it('finds contexts by name prefix, and pages within them', async () => {
    const store = current()
    await seed(store)
    const names = async (o: Parameters<Store['contextPage']>[0]) => (await store.contextPage(o)).items.map((c) => c.name)
    assert.deepEqual(await names({ prefix: 'build' }), ['build', 'build-docs', 'build.nightly'])
    assert.deepEqual(await store.contextPage({ prefix: 'build', limit: 2 }), { ...(await store.contextPage({ prefix: 'build', limit: 2 })), next: 'build-docs' })
    assert.deepEqual(await names({ prefix: 'build', after: 'build-docs' }), ['build.nightly'])
    assert.deepEqual(await names({ prefix: 'deploy', after: 'a' }), ['deploy', 'deploy-web'])
    assert.deepEqual(await names({ prefix: '😀' }), ['😀-astral'])
    assert.deepEqual(await names({ prefix: 'nothing' }), [])
    assert.equal((await store.contextPage({ prefix: 'deploy' })).next, undefined)
  })

  it('shows 100 contexts a page unless told otherwise, and refuses a limit that is not a whole number of 1 or more', async () => {
    const store = current()
    const many = Array.from({ length: 101 }, (_, i) => `ctx-${String(i).padStart(3, '0')}`)
    await store.append(many.map((n) => message(n, 'r', 'a')), many.map((n) => timeline(n, 'r')))
    const page = await store.contextPage()
    assert.equal(page.items.length, 100)
    assert.equal(page.next, 'ctx-099')
    for (const limit of [0, -1, 1.5]) await assert.rejects(store.contextPage({ limit }), /invalid contexts limit/)
  })
}
