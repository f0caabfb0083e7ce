// A facet's tables in upto's PostgreSQL schema (store/postgres-state.ts): its migrations applied once, recorded
// apart from the store's own, by whichever collector comes first; queries and transactions through the store.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { StoreError } from '../../src/store/errors.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { SqlMigration, SqlState } from '../../src/store/types.ts'
import { describeWithPostgres, findPostgres, query } from './postgres-server.ts'
import { openSqlState } from './state-backends.ts'

const migrations: SqlMigration[] = [
  { version: 1, name: 'counts', sql: (s) => `CREATE TABLE ${s}.demo_counts (name text PRIMARY KEY, n bigint NOT NULL)` },
  { version: 2, name: 'counts have a time', sql: (s) => `ALTER TABLE ${s}.demo_counts ADD COLUMN at double precision` },
]

describeWithPostgres("a facet's tables on PostgreSQL", await findPostgres(), (url) => {
  test('migrations run once, in order, recorded in facet_migrations beside the store\'s own', async () => {
    const opened = await openSqlState(url, 'demo')
    try {
      await opened.state.migrate(migrations.slice(0, 1))
      await opened.state.migrate(migrations)
      const again = await opened.reopen()
      await again.migrate(migrations) // nothing left to do
      const rows = await query<{ facet: string; version: number; name: string }>(url,
        `SELECT facet, version, name FROM "${opened.schema}".facet_migrations ORDER BY version`)
      assert.deepEqual(rows, [{ facet: 'demo', version: 1, name: 'counts' }, { facet: 'demo', version: 2, name: 'counts have a time' }])
      const columns = await query<{ column_name: string }>(url,
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'demo_counts' ORDER BY ordinal_position`,
        [opened.schema])
      assert.deepEqual(columns.map((c) => c.column_name), ['name', 'n', 'at'])
    } finally {
      await opened.close()
    }
  })

  test('two collectors starting at once migrate one after the other', async () => {
    const opened = await openSqlState(url, 'demo')
    try {
      const second = await openPostgresStore(url, { schema: opened.schema })
      const other = second.state('demo') as SqlState
      await Promise.all([opened.state.migrate(migrations), other.migrate(migrations), other.migrate(migrations)])
      const rows = await query(url, `SELECT version FROM "${opened.schema}".facet_migrations`)
      assert.equal(rows.length, 2)
      await second.close()
    } finally {
      await opened.close()
    }
  })

  test('tables newer than this upto knows are refused, saying what to do', async () => {
    const opened = await openSqlState(url, 'demo')
    try {
      await opened.state.migrate(migrations)
      const error = await opened.state.migrate(migrations.slice(0, 1)).then(() => undefined, (e: unknown) => e)
      assert.ok(error instanceof StoreError)
      assert.match(error.message, new RegExp(`^the demo tables in schema ${opened.schema} of .* are at version 2, newer than this upto knows \\(1\\): upgrade upto`))
    } finally {
      await opened.close()
    }
  })

  test('a transaction commits when its work resolves and leaves nothing when it throws', async () => {
    const opened = await openSqlState(url, 'demo')
    const { state } = opened
    try {
      await state.migrate(migrations)
      const insert = `INSERT INTO ${state.schema}.demo_counts (name, n) VALUES ($1, $2)
        ON CONFLICT (name) DO UPDATE SET n = demo_counts.n + excluded.n`
      await state.transaction(async (q) => {
        await q(insert, ['a', 1])
        await q(insert, ['a', 2])
      })
      await assert.rejects(state.transaction(async (q) => {
        await q(insert, ['a', 100])
        await q(insert, ['b', 1])
        throw new Error('changed my mind')
      }), /changed my mind/)
      assert.deepEqual(await state.query(`SELECT name, n::int AS n FROM ${state.schema}.demo_counts ORDER BY name`), [{ name: 'a', n: 3 }])
      await assert.rejects(state.query(`SELECT * FROM ${state.schema}.nosuch`), /relation .*nosuch.* does not exist/)
    } finally {
      await opened.close()
    }
  })
})
