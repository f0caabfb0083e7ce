// The tables as a read-only interface: the README's SQL runs against the schema and answers right,
// and a timeline's messages are read through an index.

import assert from 'node:assert/strict'
import { collectorParts, prepareFacets } from '../../src/server/app.ts'
import { readFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import type { Stored, TimelineInfo } from '../../src/core/types.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { Store } from '../../src/store/types.ts'
import { describeWithPostgres, dropSchema, findPostgres, freshSchema, query } from './postgres-server.ts'

const server = await findPostgres()
const hour = 3_600_000
const now = Date.now()

/** The ```sql blocks of the README's "Scaling out with PostgreSQL" section, for `schema`. */
function readmeQueries(schema: string): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.split('\n## Scaling out with PostgreSQL\n')[1]?.split('\n## ')[0] ?? ''
  const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\bupto\./g, `"${schema}".`))
  return new Map(blocks.map((sql) => [sql.split('\n')[0]!.replace(/^-- /, ''), sql]))
}

function step(timeline: string, name: string, host: string, start: number, ms: number, status?: string): Stored[] {
  const common = { context: 'deploy', timeline, name, host, received: start }
  return [
    { ...common, kind: 'start', time: start },
    { ...common, kind: 'end', time: start + ms, received: start + ms, ...(status ? { status } : {}) },
  ]
}

describeWithPostgres('the PostgreSQL tables', server, (url) => {
  const schema = freshSchema()
  let store: Store

  before(async () => {
    store = await openPostgresStore(url, { schema })
    const created: TimelineInfo[] = [{ context: 'deploy', id: 'old', created: now - 30 * 24 * hour }]
    const messages = step('old', 'build', 'ci', now - 30 * 24 * hour, 1_000_000)
    for (let i = 1; i <= 10; i++) {
      const at = now - (11 - i) * hour
      created.push({ context: 'deploy', id: `run-${i}`, created: at })
      messages.push(...step(`run-${i}`, 'build', 'ci', at, i * 100, i === 3 ? 'error' : undefined))
      messages.push(...step(`run-${i}`, 'db.migrate', 'web1', at + 2_000, 50))
    }
    // A retry in one run: the first start is abandoned, the end pairs with the second.
    created.push({ context: 'retry', id: 'r', created: now })
    messages.push(
      { context: 'retry', timeline: 'r', name: 'up', host: '', kind: 'start', time: now, received: now },
      { context: 'retry', timeline: 'r', name: 'up', host: '', kind: 'start', time: now + 10, received: now + 10 },
      { context: 'retry', timeline: 'r', name: 'up', host: '', kind: 'end', time: now + 30, received: now + 30 },
      { context: 'retry', timeline: 'r', name: 'up', host: '', kind: 'end', time: now + 40, received: now + 40 },
    )
    await store.append(messages, created)
    // the facets' tables too, as a collector makes them at start: the README queries some of them
    await prepareFacets(await collectorParts(), store)
  })
  after(async () => {
    await store?.close()
    await dropSchema(url, schema)
  })

  test('every query of the README runs', async () => {
    const queries = readmeQueries(schema)
    assert.ok(queries.size >= 4, `found ${queries.size} queries`)
    for (const [title, sql] of queries) await assert.doesNotReject(query(url, sql), title)
  })

  test('the slowest steps of this week leave out older runs', async () => {
    const sql = readmeQueries(schema).get('The slowest steps of the runs started this week')!
    const rows = await query<{ timeline: string; name: string; ms: number }>(url, sql)
    assert.deepEqual(rows.slice(0, 3).map((r) => [r.timeline, r.name, r.ms]), [
      ['run-10', 'build', 1000],
      ['run-9', 'build', 900],
      ['run-8', 'build', 800],
    ])
  })

  test('p50 and p90 per step, with the failures counted', async () => {
    const sql = [...readmeQueries(schema)].find(([title]) => title.startsWith('p50 and p90'))![1]
    const rows = await query<{ name: string; runs: string; p50_ms: number; p90_ms: number; failed: string }>(url, sql)
    assert.deepEqual(rows.map((r) => [r.name, Number(r.runs), r.p50_ms, r.p90_ms, Number(r.failed)]), [
      ['build', 10, 550, 910, 1],
      ['db.migrate', 10, 50, 50, 0],
    ])
  })

  test('steps pairs an end with the start just before it: a retry is not an abandoned attempt', async () => {
    const rows = await query<{ duration_ms: number }>(
      url,
      `SELECT duration_ms FROM "${schema}".steps WHERE context = 'retry'`,
    )
    assert.deepEqual(rows, [{ duration_ms: 20 }], 'the second end is an orphan, left out')
  })

  test('a timeline among many is read through the (context, timeline, seq) index', async () => {
    const many: Stored[] = []
    for (let t = 0; t < 1_000; t++) many.push(...step(`bulk-${t}`, 'build', 'ci', now + t, 10).map((m) => ({ ...m, context: 'bulk' })))
    for (let i = 0; i < many.length; i += 5_000) await store.append(many.slice(i, i + 5_000), [])
    await query(url, `ANALYZE "${schema}".messages`)
    const plan = await query<{ 'QUERY PLAN': string }>(
      url,
      `EXPLAIN SELECT * FROM "${schema}".messages WHERE context = 'bulk' AND timeline = 'bulk-3' ORDER BY seq`,
    )
    assert.match(plan.map((r) => r['QUERY PLAN']).join('\n'), /Index Scan using messages_timeline/)
  })
})
