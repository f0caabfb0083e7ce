// Scaling out: two `upto serve` processes on one PostgreSQL schema behave as one collector. Runs the
// built bin/upto (npm test builds it first). Skipped, saying why, when no PostgreSQL is reachable.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { bin, eventually, startCollectorProcess, type CollectorProcess } from '../helpers/collector-process.ts'
import { describeWithPostgres, dropSchema, findPostgres, freshSchema } from '../store/postgres-server.ts'

const server = await findPostgres()
const run = promisify(execFile)

interface TimelineJson {
  Id: string
  Events: { Name: string; Host: string; Start: string | null; End: string | null }[]
}

describeWithPostgres('two collectors sharing one PostgreSQL', server, (url) => {
  const schema = freshSchema()
  const store = `${url}?schema=${schema}`
  let a: CollectorProcess
  let b: CollectorProcess

  /** Runs the client against one collector; --http waits until the event is durable. */
  async function upto(to: CollectorProcess, ...argv: string[]): Promise<void> {
    await run(process.execPath, [bin, ...argv], { env: { ...process.env, UPTO_SERVER: `127.0.0.1:${to.port}` } })
  }
  async function latest(from: CollectorProcess, context: string): Promise<TimelineJson | undefined> {
    const response = await fetch(`http://127.0.0.1:${from.port}/api/contexts/${context}/latest`)
    return response.ok ? ((await response.json()) as TimelineJson) : undefined
  }
  async function timelineCount(from: CollectorProcess, context: string): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${from.port}/api/contexts/${context}`)
    return ((await response.json()) as { timelines: unknown[] }).timelines.length
  }

  before(async () => {
    // Started together: both migrate the new schema at once, and both must come up.
    ;[a, b] = await Promise.all([startCollectorProcess({ store }), startCollectorProcess({ store })])
  })
  after(async () => {
    await Promise.all([a, b].map((c) => c && c.child.exitCode === null && c.stop('SIGKILL')))
    await dropSchema(url, schema)
  })

  test('a start sent to one and its end sent to the other make one complete step, read from either', async () => {
    await upto(a, 'new', 'deploy', '--http')
    await upto(a, 'start', 'deploy', 'db.migrate', '-n', 'web1', '--http')
    await upto(b, 'end', 'deploy', 'db.migrate', '-n', 'web1', '--http')
    // Over UDP too: no acknowledgement, so read until both arrived.
    await upto(b, 'start', 'deploy', 'app.restart', '-n', 'web2')
    await upto(a, 'end', 'deploy', 'app.restart', '-n', 'web2')
    const fromA = await eventually(async () => {
      const json = await latest(a, 'deploy')
      const restart = json?.Events.find((e) => e.Name === 'app.restart')
      return restart?.End ? json : undefined
    })
    const migrate = fromA.Events.find((e) => e.Name === 'db.migrate' && e.Host === 'web1')
    assert.ok(migrate?.Start && migrate.End, 'db.migrate has its start (from a) and its end (from b)')
    assert.deepEqual(await latest(b, 'deploy'), fromA, 'b reads the same timeline as a')
    assert.equal(await timelineCount(b, 'deploy'), 1, 'every event joined the one timeline')
  })

  test('new on one collector, then an event without a timeline on the other joins it', async () => {
    const before = (await latest(a, 'deploy'))?.Id
    await upto(b, 'new', 'deploy', '--http')
    await upto(a, 'mark', 'deploy', 'smoke.tested', '--http')
    const fromA = await latest(a, 'deploy')
    assert.notEqual(fromA?.Id, before, 'the new timeline is the newest for a too')
    assert.deepEqual(fromA?.Events.map((e) => e.Name), ['smoke', 'smoke.tested'])
    assert.equal((await latest(b, 'deploy'))?.Id, fromA?.Id)
  })

  test('the first events of a context, sent to both at once, start one timeline, not two', async () => {
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => upto(i % 2 ? a : b, 'start', 'fresh', `step-${i}`, '--http')),
    )
    assert.equal(await timelineCount(a, 'fresh'), 1)
    assert.equal((await latest(b, 'fresh'))?.Events.length, 6)
  })

  test('both stop cleanly on SIGTERM', async () => {
    assert.deepEqual(await Promise.all([a.stop(), b.stop()]), [0, 0])
  })
})
