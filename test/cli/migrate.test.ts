// upto migrate --from DIR --to postgres://...: every message and timeline arrives, in order, and each
// context keeps its newest timeline. Skipped, saying why, when no PostgreSQL is reachable.

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import type { Stored, TimelineInfo } from '../../src/core/types.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { Store } from '../../src/store/types.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { message, t0, timeline } from '../store/fixtures.ts'
import { describeWithPostgres, dropSchema, findPostgres, freshSchema } from '../store/postgres-server.ts'
import { tempFolder } from '../store/temp-folder.ts'

const server = await findPostgres()

/** Everything a store answers, read through the Store interface. */
async function dump(store: Store) {
  const contexts = await store.contexts()
  const timelines: Record<string, TimelineInfo[]> = {}
  const messages: Record<string, Stored[]> = {}
  for (const { name } of contexts) {
    const all: TimelineInfo[] = []
    let before: string | undefined
    do {
      const page = await store.timelines(name, { limit: 7, ...(before === undefined ? {} : { before }) })
      all.push(...page.items)
      before = page.next
    } while (before !== undefined)
    timelines[name] = all
    for (const info of all) messages[`${name}/${info.id}`] = await store.messages(name, info.id)
  }
  return { contexts, timelines, messages }
}

/** Runs `upto migrate` with a clock that moves a second at every look, so progress lines show. */
async function migrate(from: string, to: string) {
  const io = captureIo(['migrate', '--from', from, '--to', to])
  let clock = t0
  io.now = () => (clock += 1_000)
  const code = await run(io)
  return { code, stderr: io.stderr }
}

describeWithPostgres('upto migrate', server, (url) => {
  let folder: Awaited<ReturnType<typeof tempFolder>>
  let data: string
  const schema = freshSchema()
  const target = () => `${url}?schema=${schema}`

  before(async () => {
    folder = await tempFolder()
    data = join(folder.dir, 'data')
    const store = await openLevelStore(data)
    // Three contexts; timelines with equal created times (their creation order decides the newest), one
    // created with a clock that stepped back, one larger than a batch, and every field of a message.
    await store.append(
      [message('build', '1', 'compile', { attrs: { commit: 'abc', ünï: '😀' }, status: 'ok', message: 'fine', id: 'x-1', time: t0 + 0.125 })],
      [timeline('build', '1', t0), timeline('build', '2', t0), timeline('deploy', 'v1', t0 + 50)],
    )
    await store.append([message('build', '2', 'lint', { kind: 'end', host: 'ci-2' })], [timeline('build', 'old-clock', t0 - 10)])
    const big = Array.from({ length: 6_001 }, (_, i) => message('deploy', 'v2', `step${i % 50}`, { kind: i % 2 ? 'end' : 'start', time: t0 + i }))
    await store.append(big, [timeline('deploy', 'v2', t0 + 60)])
    for (let i = 0; i < 40; i++) {
      await store.append([message('payloads', `req-${i}`, 'svc', { kind: 'mark', received: t0 + i })], [timeline('payloads', `req-${i}`, t0 + i)])
    }
    await store.close()
  })
  after(async () => {
    await folder?.remove()
    await dropSchema(url, schema)
  })

  test('copies every timeline and message, in order, and each context keeps its newest', async () => {
    const { code, stderr } = await migrate(data, target())
    assert.equal(code, 0, stderr)
    const from = await openLevelStore(data)
    const to = await openPostgresStore(target())
    try {
      const [source, copy] = [await dump(from), await dump(to)]
      assert.equal(Object.keys(copy.messages).length, 45)
      assert.equal(copy.messages['deploy/v2']?.length, 6_001)
      assert.deepEqual(copy, source)
      for (const context of ['build', 'deploy', 'payloads']) assert.deepEqual(await to.newest(context), await from.newest(context))
      assert.equal((await to.newest('build'))?.id, '2')
    } finally {
      await from.close()
      await to.close()
    }
    assert.match(stderr, /^migrate: copying .*data to postgres:\/\/.* \(schema upto_test_\w+\)$/m)
    assert.match(stderr, /^migrate: \d+\/45 timelines \(\d+%\), \d+ messages$/m, 'progress while it copies')
    assert.match(stderr, /^migrate: done: 45\/45 timelines \(100%\), 6043 messages of 3 contexts$/m)
  })

  test('run again, it skips what is there and duplicates nothing', async () => {
    const { code, stderr } = await migrate(data, target())
    assert.equal(code, 0, stderr)
    assert.match(stderr, /done: 45\/45 timelines \(100%\), 0 messages, 45 already there of 3 contexts/)
    const to = await openPostgresStore(target())
    try {
      assert.equal((await to.messages('deploy', 'v2')).length, 6_001)
      assert.equal((await to.contexts()).find((c) => c.name === 'payloads')?.timelines, 40)
    } finally {
      await to.close()
    }
  })

  test('stops, naming the timeline, when the target has another store’s timeline of the same name', async () => {
    const other = freshSchema()
    const to = await openPostgresStore(url, { schema: other })
    await to.append([message('build', '1', 'something else'), message('build', '1', 'and more')], [timeline('build', '1')])
    await to.close()
    try {
      const { code, stderr } = await migrate(data, `${url}?schema=${other}`)
      assert.equal(code, 1)
      assert.match(stderr, /upto: timeline 1 of context build is already in the target with 2 messages \(the source has 1\): copy into an empty store or schema/)
    } finally {
      await dropSchema(url, other)
    }
  })
})

describe('upto migrate, checking its arguments', () => {
  test('refuses a target that is not a postgres:// URL, and a missing folder', async () => {
    const bad = await migrate('/tmp/upto-no-such-folder', '/var/lib/upto')
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /invalid --to "\/var\/lib\/upto": expected a URL like postgres:\/\//)
    const missing = await migrate('/tmp/upto-no-such-folder', 'postgres://127.0.0.1/x')
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /no data folder \/tmp\/upto-no-such-folder/)
  })
})
