// Collectors sharing one database place events the same whichever receives them: placement runs in
// the store's write transaction, under a lock per context. Two stores on one schema stand for two collectors.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Incoming } from '../../src/core/types.ts'
import { createPlacer } from '../../src/pipeline/placer.ts'
import { type PostgresStore, openPostgresStore } from '../../src/store/postgres.ts'
import { t0 } from './fixtures.ts'
import { describeWithPostgres, dropSchema, findPostgres, freshSchema } from './postgres-server.ts'

const server = await findPostgres()

const event = (kind: Incoming['kind'], context: string, name = '', timeline?: string): Incoming => ({
  kind,
  context,
  name,
  host: '',
  ...(timeline === undefined ? {} : { timeline }),
})

describeWithPostgres('placement on a shared PostgreSQL', server, (url) => {
  const schema = freshSchema()
  let a: PostgresStore
  let b: PostgresStore

  before(async () => {
    a = await openPostgresStore(url, { schema })
    b = await openPostgresStore(url, { schema })
  })
  after(async () => {
    await a?.close()
    await b?.close()
    await dropSchema(url, schema)
  })

  /** Places and appends one chunk through a store's placer, as the ingest queue does. */
  async function ingest(store: PostgresStore, events: Incoming[], received = t0) {
    const placed = await createPlacer(store).place([{ events, received }])
    await store.append(placed.messages, placed.created)
    return placed
  }

  test('a new through one collector is the newest for the other at once', async () => {
    const made = await ingest(a, [event('new', 'deploy')])
    const joined = await ingest(b, [event('start', 'deploy', 'db.migrate')], t0 + 10)
    assert.equal(joined.messages[0]?.timeline, made.created[0]?.id)
    assert.deepEqual(joined.created, [])
    const again = await ingest(b, [event('new', 'deploy')], t0 + 20)
    const mark = await ingest(a, [event('mark', 'deploy', 'tagged')], t0 + 30)
    assert.equal(mark.messages[0]?.timeline, again.created[0]?.id)
  })

  test('a context’s first events on two collectors at once make one timeline: the second waits for the first', async () => {
    const first = await createPlacer(a).place([{ events: [event('start', 'race', 'x')], received: t0 }])
    const second = createPlacer(b).place([{ events: [event('start', 'race', 'y')], received: t0 + 1 }])
    await new Promise((resolve) => setTimeout(resolve, 100)) // room for the second to run ahead, were it not locked out
    await a.append(first.messages, first.created)
    const placed = await second
    await b.append(placed.messages, placed.created)
    assert.deepEqual(placed.created, [])
    assert.equal(placed.messages[0]?.timeline, first.created[0]?.id)
    assert.equal((await a.timelines('race')).items.length, 1)
  })

  test('two news in the same millisecond on two collectors make two timelines', async () => {
    const one = await ingest(a, [event('new', 'same-ms')], t0 + 500)
    const two = await ingest(b, [event('new', 'same-ms')], t0 + 500)
    assert.deepEqual([one.created[0]?.id, two.created[0]?.id], ['20231114-221320-500', '20231114-221320-500-2'])
    assert.equal((await b.newest('same-ms'))?.id, '20231114-221320-500-2')
  })

  test('a timeline named on both collectors is created once and joined by the other', async () => {
    await ingest(a, [event('start', 'named', 'a', '1234')])
    const joined = await ingest(b, [event('end', 'named', 'a', '1234')])
    assert.deepEqual(joined.created, [])
    assert.equal((await a.messages('named', '1234')).length, 2)
  })

  test('undo rolls the placed batch back and frees the writer', async () => {
    const placed = await createPlacer(a).place([{ events: [event('new', 'undone')], received: t0 }])
    placed.undo()
    assert.equal(await a.newest('undone'), undefined)
    await ingest(a, [event('start', 'undone', 'step')])
    assert.equal((await a.timelines('undone')).items.length, 1)
  })

  test('an append that fails rolls back what was placed and frees the writer', async () => {
    const placed = await createPlacer(a).place([{ events: [event('new', 'failing')], received: t0 }])
    const broken = placed.messages.map((m) => ({ ...m, kind: 'bogus' as never }))
    placed.messages.splice(0, placed.messages.length, ...broken)
    await assert.rejects(a.append(placed.messages, placed.created), /check constraint/)
    assert.equal(await a.newest('failing'), undefined)
    await ingest(a, [event('start', 'failing', 'step')])
    assert.equal((await a.timelines('failing')).items.length, 1)
  })
})
