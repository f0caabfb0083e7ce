// A facet's tables in upto's PostgreSQL schema (types.ts, SqlState): its own migrations, plain queries through the
// store's pool, transactions on one connection. Connection failures are said as the store says them.

import type pg from 'pg'
import { facetName } from './key-state.ts'
import { migrateFacet, quoteIdent } from './postgres-schema.ts'
import type { SqlState } from './types.ts'

export interface SqlStateOptions {
  pool: pg.Pool
  schema: string
  /** Where the data is, password masked: for messages. */
  where: string
  /** Says a lost connection as such (postgres.ts). */
  reword: (error: unknown) => unknown
}

export function createSqlState(facet: string, { pool, schema, where, reword }: SqlStateOptions): SqlState {
  if (!facetName.test(facet)) throw new Error(`facet name ${JSON.stringify(facet)}: expected a lower-case word`)
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw reword(error)
    }
  }
  const query: SqlState['query'] = (text, values) =>
    run(async () => (await pool.query(text, values === undefined ? undefined : [...values])).rows)

  return {
    kind: 'sql',
    schema: quoteIdent(schema),
    query,

    migrate: (migrations) => run(async () => {
      const client = await pool.connect()
      try {
        await migrateFacet(client, schema, where, facet, migrations)
        client.release()
      } catch (error) {
        client.release(true)
        throw error
      }
    }),

    transaction: (work) => run(async () => {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const answer = await work(async (text, values) => (await client.query(text, values === undefined ? undefined : [...values])).rows)
        await client.query('COMMIT')
        client.release()
        return answer
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        client.release(true)
        throw error
      }
    }),
  }
}
