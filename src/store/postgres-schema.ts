// The PostgreSQL schema, as numbered migrations the collector applies itself. Every collector runs
// migrate() at start-up; a session advisory lock makes the others wait while one migrates, so two
// starting at once never both create a table. Each migration is one transaction, recorded in
// `migrations`. Append new ones at the end; never edit one that was released.
//
// Tables (a read-only interface for dashboards: see the README, "Scaling out with PostgreSQL"):
//   contexts(name, timelines)                      one row per context, its timeline count
//   timelines(seq, context, id, created)           seq: creation order across every collector
//   messages(seq, context, timeline, kind, name, host, time, received, status, message, attrs, id)
// Views: events (messages with timestamptz columns), steps (each end paired with its start).
// Times are Unix milliseconds as double precision: exactly what the collector received, fractions kept.

import type { PoolClient } from 'pg'
import { StoreError } from './errors.ts'
import type { SqlMigration } from './types.ts'

type Migration = SqlMigration

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'contexts, timelines, messages; views events and steps',
    sql: (s) => `
      CREATE TABLE ${s}.contexts (
        name text COLLATE "C" PRIMARY KEY,
        timelines bigint NOT NULL
      );
      CREATE TABLE ${s}.timelines (
        seq bigserial PRIMARY KEY,
        context text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        created double precision NOT NULL,
        UNIQUE (context, id)
      );
      CREATE INDEX timelines_newest ON ${s}.timelines (context, created, seq);
      CREATE INDEX timelines_created_at ON ${s}.timelines ((to_timestamp(created / 1000)));
      CREATE TABLE ${s}.messages (
        seq bigserial NOT NULL,
        context text COLLATE "C" NOT NULL,
        timeline text COLLATE "C" NOT NULL,
        kind text NOT NULL CHECK (kind IN ('start', 'end', 'mark', 'new')),
        name text NOT NULL,
        host text NOT NULL,
        time double precision NOT NULL,
        received double precision NOT NULL,
        status text,
        message text,
        attrs json,
        id text
      );
      CREATE INDEX messages_timeline ON ${s}.messages (context, timeline, seq);
      CREATE INDEX messages_received ON ${s}.messages USING brin (received);

      CREATE VIEW ${s}.events AS
        SELECT m.context, m.timeline, m.kind, m.name, m.host,
               to_timestamp(m.time / 1000) AS at, to_timestamp(m.received / 1000) AS received_at,
               m.status, m.message, m.attrs, m.id, m.seq
          FROM ${s}.messages m;

      -- Each end paired with the message just before it of the same (timeline, name, host), when that
      -- is a start: upto's pairing by event time. Abandoned starts, orphan ends and running steps are
      -- left out. timeline_created and context are partition columns, so filters on them reach the indexes.
      CREATE VIEW ${s}.steps AS
        SELECT context, timeline, timeline_created, name, host,
               to_timestamp(start_ms / 1000) AS started_at, to_timestamp(time / 1000) AS ended_at,
               time - start_ms AS duration_ms, coalesce(status, 'ok') AS status, message, attrs
          FROM (
            SELECT m.context, m.timeline, to_timestamp(t.created / 1000) AS timeline_created, m.name, m.host,
                   m.kind, m.time, m.status, m.message, m.attrs,
                   lag(m.kind) OVER w AS before_kind, lag(m.time) OVER w AS start_ms
              FROM ${s}.messages m
              JOIN ${s}.timelines t ON t.context = m.context AND t.id = m.timeline
             WHERE m.kind IN ('start', 'end')
            WINDOW w AS (PARTITION BY m.context, m.timeline, to_timestamp(t.created / 1000), m.name, m.host
                         ORDER BY m.time, m.received, m.seq)
          ) paired
         WHERE kind = 'end' AND before_kind = 'start';
    `,
  },
]

export const schemaVersion = migrations[migrations.length - 1]!.version

/** A quoted identifier: the schema name is checked already (postgres-url.ts), this is for safety. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Brings the schema to `schemaVersion`, waiting for any other collector doing the same. */
export async function migrate(client: PoolClient, schema: string, where: string): Promise<void> {
  const s = quoteIdent(schema)
  await underLock(client, `upto migrate ${schema}`, async () => {
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the right to create, even when the schema exists.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`)
    const table = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [`${s}.migrations`])
    if (table.rows[0]?.found == null) await client.query(`CREATE TABLE ${s}.migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied timestamptz NOT NULL DEFAULT now()
    )`)
    const applied = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${s}.migrations`)
    await apply(client, s, migrations, applied.rows[0]?.version ?? 0, where, `schema ${schema} of ${where} is`, (m) => ({
      text: `INSERT INTO ${s}.migrations (version, name) VALUES ($1, $2)`, values: [m.version, m.name],
    }))
  })
}

/**
 * Brings one facet's tables to its last migration, recorded in `facet_migrations` (facet, version, name, applied).
 * The upto schema exists already: the store migrated it at open.
 */
export async function migrateFacet(
  client: PoolClient, schema: string, where: string, facet: string, list: readonly Migration[],
): Promise<void> {
  const s = quoteIdent(schema)
  await underLock(client, `upto migrate ${schema} ${facet}`, async () => {
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.facet_migrations (
      facet text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      applied timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (facet, version)
    )`)
    const applied = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${s}.facet_migrations WHERE facet = $1`, [facet])
    await apply(client, s, list, applied.rows[0]?.version ?? 0, where, `the ${facet} tables in schema ${schema} of ${where} are`, (m) => ({
      text: `INSERT INTO ${s}.facet_migrations (facet, version, name) VALUES ($1, $2, $3)`, values: [facet, m.version, m.name],
    }))
  })
}

/** Each migration after `current` in a transaction of its own, recorded in the same transaction. */
async function apply(
  client: PoolClient, s: string, list: readonly Migration[], current: number, where: string, what: string,
  record: (m: Migration) => { text: string; values: unknown[] },
): Promise<void> {
  const known = list[list.length - 1]?.version ?? 0
  if (current > known) {
    throw new StoreError('unreadable', where, `${what} at version ${current}, newer than this upto knows (${known}): ` +
      'upgrade upto, or use another schema')
  }
  for (const migration of list) {
    if (migration.version <= current) continue
    await client.query('BEGIN')
    try {
      await client.query(migration.sql(s))
      await client.query(record(migration))
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    }
  }
}

/** Runs `work` holding a session advisory lock: collectors starting together migrate one after another. */
async function underLock(client: PoolClient, key: string, work: () => Promise<void>): Promise<void> {
  await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key])
  try {
    await work()
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => {})
  }
}
