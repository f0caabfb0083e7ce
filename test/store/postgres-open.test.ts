// Opening a PostgreSQL store: the schema is made and migrated by whoever comes first, and what goes
// wrong is said with the place and the reason.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { StoreError } from '../../src/store/errors.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import { schemaVersion } from '../../src/store/postgres-schema.ts'
import { parsePostgresUrl } from '../../src/store/postgres-url.ts'
import { freePort } from '../helpers/collector-process.ts'
import { describeWithPostgres, dropSchema, findPostgres, freshSchema, query } from './postgres-server.ts'

const server = await findPostgres()

/** The StoreError `opening` rejects with. */
async function refusal(opening: Promise<unknown>): Promise<StoreError> {
  const error = await opening.then(() => undefined, (e: unknown) => e)
  assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`)
  return error
}

describe('opening a PostgreSQL store, without a server', () => {
  test('schema and sync are read from the URL and kept out of what pg gets; the password is masked', () => {
    const target = parsePostgresUrl('postgres://me:secret@db:6543/upto?schema=ci&sync=on&sslmode=require')
    assert.deepEqual(target, {
      connectionString: 'postgres://me:secret@db:6543/upto?sslmode=require',
      schema: 'ci',
      sync: true,
      address: 'db:6543',
      display: 'postgres://me:***@db:6543/upto?sslmode=require',
    })
    assert.equal(parsePostgresUrl('postgres://db/upto').schema, 'upto')
    assert.equal(parsePostgresUrl('postgres://db/upto').sync, false)
    assert.throws(() => parsePostgresUrl('postgres://db/upto?sync=maybe'), /^StoreError: invalid sync "maybe" for postgres:\/\/db\/upto: expected on or off$/)
  })

  test('a refused connection names the address and asks whether the server runs', async () => {
    const port = await freePort()
    const error = await refusal(openPostgresStore(`postgres://postgres@127.0.0.1:${port}/postgres`))
    assert.equal(error.message, `cannot reach PostgreSQL at 127.0.0.1:${port}: ECONNREFUSED (is it running?)`)
  })

  test('a URL that is not postgres:// is refused with an example, its password masked', async () => {
    const error = await refusal(openPostgresStore('mysql://me:secret@db/upto'))
    assert.equal(error.message, 'invalid store URL "mysql://me:***@db/upto": expected a URL like postgres://user@db.internal:5432/upto')
  })

  test('a schema name that is not a plain identifier is refused before connecting', async () => {
    const error = await refusal(openPostgresStore('postgres://me:secret@db/upto?schema=Robert%27);DROP'))
    assert.match(error.message, /^invalid schema "Robert'\);DROP" for postgres:\/\/me:\*\*\*@db\/upto: expected 1–63 lowercase/)
  })
})

describeWithPostgres('opening a PostgreSQL store', server, (url) => {

  test('collectors starting at once on a new schema all open it, and it is migrated once', async () => {
    const schema = freshSchema()
    try {
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(`${url}?schema=${schema}`)))
      await Promise.all(stores.map((s) => s.close()))
      const rows = await query<{ version: number }>(url, `SELECT version FROM "${schema}".migrations ORDER BY version`)
      assert.deepEqual(rows.map((r) => r.version), Array.from({ length: schemaVersion }, (_, i) => i + 1))
    } finally {
      await dropSchema(url, schema)
    }
  })

  test('a schema migrated by a newer upto is refused, not changed', async () => {
    const schema = freshSchema()
    try {
      await (await openPostgresStore(url, { schema })).close()
      await query(url, `INSERT INTO "${schema}".migrations (version, name) VALUES ($1, 'from the future')`, [schemaVersion + 1])
      const error = await refusal(openPostgresStore(url, { schema }))
      assert.match(error.message, new RegExp(`^schema ${schema} of .* is at version ${schemaVersion + 1}, newer than this upto knows \\(${schemaVersion}\\): upgrade upto`))
    } finally {
      await dropSchema(url, schema)
    }
  })

  test('an unknown database is named in the error', async () => {
    const error = await refusal(openPostgresStore(url.replace(/\/[^/]*$/, '/upto_no_such_db')))
    assert.match(error.message, /^PostgreSQL at 127\.0\.0\.1:5432 refused .*: database "upto_no_such_db" does not exist$/)
  })
})
