// The PostgreSQL server the tests use: $UPTO_TEST_POSTGRES, else 127.0.0.1:5432 as user postgres or
// root (trust auth). Every store gets a schema of its own, dropped after.

import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import pg from 'pg'
import { needs } from '../helpers/needs.ts'

const candidates = process.env.UPTO_TEST_POSTGRES
  ? [process.env.UPTO_TEST_POSTGRES]
  : ['postgres://postgres@127.0.0.1:5432/postgres', 'postgres://root@127.0.0.1:5432/test']

export type Found = { url: string; skip?: undefined } | { url?: undefined; skip: string }

/** The first server that answers; otherwise why none did, as a reason to skip. */
export async function findPostgres(): Promise<Found> {
  const failures: string[] = []
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
    client.on('error', () => {})
    try {
      await client.connect()
      await client.query('SELECT 1')
      return { url }
    } catch (error) {
      failures.push(`${url}: ${(error as { code?: string }).code ?? (error as Error).message}`)
    } finally {
      await client.end().catch(() => {})
    }
  }
  const how = 'start one, or set UPTO_TEST_POSTGRES to a postgres:// URL'
  return { skip: needs('PostgreSQL', false, `none reachable (${failures.join('; ')}): ${how}`) || '' }
}

/**
 * A suite that needs PostgreSQL. Without a server it is one skipped test that says why, counted as
 * skipped in the summary, never passed; with CI set, findPostgres() has already failed the file.
 */
export function describeWithPostgres(name: string, found: Found, body: (url: string) => void): void {
  if (found.url === undefined) test(name, { skip: found.skip }, () => {})
  else describe(name, { timeout: 120_000 }, () => body(found.url))
}

/** A schema name no other test run uses. */
export function freshSchema(): string {
  return `upto_test_${process.pid}_${randomBytes(4).toString('hex')}`
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

/** Runs one query as the test user, for assertions on the tables themselves. */
export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}
