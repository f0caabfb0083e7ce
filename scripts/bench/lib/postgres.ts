// The PostgreSQL server the benchmarks compare with: $UPTO_BENCH_POSTGRES, else 127.0.0.1:5432 as user
// postgres or root (trust auth). Each run writes into a schema of its own, dropped after.

import pg from 'pg'

/** Tried in turn. */
export const postgresUrls = process.env.UPTO_BENCH_POSTGRES
  ? [process.env.UPTO_BENCH_POSTGRES]
  : ['postgres://postgres@127.0.0.1:5432/postgres', 'postgres://root@127.0.0.1:5432/test']

/** The first server that answers; undefined when none does (the scenario then says so). */
export async function findPostgres(): Promise<string | undefined> {
  for (const url of postgresUrls) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
    client.on('error', () => {})
    try {
      await client.connect()
      return url
    } catch {
    } finally {
      await client.end().catch(() => {})
    }
  }
  return undefined
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
