// The store for several collectors: PostgreSQL through `pg`. The schema is created and migrated at
// open (postgres-schema.ts); reads go through a pool; writes take turns on one writer (the order of
// append() calls is the order of their messages). Collectors stay stateless: placement runs inside
// the write transaction (postgres-placer.ts), so "newest" is the database's, not a cache's.
//
// Why INSERT ... SELECT FROM unnest(arrays) rather than COPY: `pg` has no COPY without another
// package, COPY cannot fill timelines and contexts in the same statement, and one statement of fixed
// text with one array per column is prepared once, has no parameter limit, and is close to COPY speed
// (see scripts/bench/store-write.ts).

import pg from 'pg'
import type { PoolClient } from 'pg'
import type { Stored, TimelineInfo } from '../core/types.ts'
import { StoreError } from './errors.ts'
import { deleteTimelinesBefore } from './postgres-expire.ts'
import type { ContextPage, PlacingStore, StateStore, TimelinePage } from './types.ts'
import { createSqlState } from './postgres-state.ts'
import { contextLimit, contextsPage, pageLimit } from './paging.ts'
import { placeInTransaction } from './postgres-placer.ts'
import { type MessageRow, type TimelineRow, appendParameters, toStored, toTimeline } from './postgres-rows.ts'
import { migrate } from './postgres-schema.ts'
import { statements } from './postgres-sql.ts'
import { connectError, parsePostgresUrl, schemaError } from './postgres-url.ts'

export interface PostgresStoreOptions {
  /** The schema of upto's tables; default `upto`, or `?schema=` in the URL. */
  schema?: string
  /** Most connections open at once (reads in parallel, plus the writer); default 10. */
  connections?: number
  /**
   * Wait until the server has flushed each batch to disk before append() resolves (synchronous_commit on);
   * default off (but on for appends with { sync: true }), or `?sync=on` in the URL. Off: a batch is durable against a collector
   * crash at once, against a database server crash within a fraction of a second (wal_writer_delay).
   */
  sync?: boolean
}


export interface PostgresStore extends PlacingStore, StateStore {
  /** Where the data is, password masked: for logs. */
  readonly where: string
}

interface Pending {
  messages: Stored[]
  client: PoolClient
  done: () => void
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const target = parsePostgresUrl(url, options)
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.connections ?? 10,
    connectionTimeoutMillis: 10_000,
    application_name: 'upto',
    // A placed batch never waits long for its append(); if it ever does, its locks must not outlive it.
    idle_in_transaction_session_timeout: 60_000,
  })
  // A connection that breaks while idle (a server restart) is dropped by the pool; the next query reconnects.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  let client: PoolClient
  try {
    client = await pool.connect()
  } catch (error) {
    await pool.end().catch(() => {})
    throw connectError(target, error)
  }
  try {
    await migrate(client, target.schema, target.display)
    client.release()
  } catch (error) {
    client.release(true)
    await pool.end().catch(() => {})
    if (error instanceof StoreError) throw error
    throw schemaError(target, error)
  }

  const sql = statements(target.schema)
  const lockPrefix = `upto ${target.schema} `
  const begin = target.sync ? 'BEGIN' : 'BEGIN; SET LOCAL synchronous_commit = off'
  let tail: Promise<void> = Promise.resolve()
  let pending: Pending | undefined
  let closed = false

  /** Waits for the writer; the answer releases it. */
  function takeWriter(): Promise<() => void> {
    let done!: () => void
    const mine = new Promise<void>((resolve) => (done = resolve))
    const ready = tail.then(() => done)
    tail = tail.then(() => mine)
    return ready
  }

  async function finish(client: PoolClient, done: () => void, action: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    try {
      await client.query(action)
      client.release()
    } catch (error) {
      if (action === 'COMMIT') await client.query('ROLLBACK').catch(() => {})
      client.release(true)
      throw error
    } finally {
      done()
    }
  }

  /** A lost or refused connection is said as such, naming the server; an SQL error stays as it is. */
  function reword(error: unknown): unknown {
    const code = (error as { code?: unknown }).code
    const lost = error instanceof Error && /connection terminated|timeout exceeded when trying to connect/i.test(error.message)
    return (typeof code === 'string' && /^E[A-Z]+$/.test(code)) || lost ? connectError(target, error) : error
  }

  async function write(client: PoolClient, messages: readonly Stored[], created: readonly TimelineInfo[]) {
    if (messages.length === 0 && created.length === 0) return
    await client.query({ ...sql.append, values: appendParameters(messages, created) })
  }

  const store: PostgresStore = {
    where: `${target.display} (schema ${target.schema})`,

    async append(messages, created, options) {
      if (pending !== undefined && pending.messages === messages) {
        const { client, done } = pending
        pending = undefined
        try {
          await write(client, messages, created)
          // the transaction began with synchronous_commit off (unless ?sync=on): a batch someone waits for is flushed
          if (options?.sync && !target.sync) await client.query('SET LOCAL synchronous_commit = on')
        } catch (error) {
          await finish(client, done, 'ROLLBACK').catch(() => {})
          throw reword(error)
        }
        return finish(client, done, 'COMMIT').catch((error: unknown) => {
          throw reword(error)
        })
      }
      if (closed) throw new Error(`store ${target.display} is closed`)
      if (messages.length === 0 && created.length === 0) return
      const done = await takeWriter()
      try {
        // One statement is one transaction: no BEGIN needed.
        await pool.query({ ...sql.append, values: appendParameters(messages, created) })
      } catch (error) {
        throw reword(error)
      } finally {
        done()
      }
    },

    createPlacer() {
      return {
        async place(chunks) {
          const done = await takeWriter()
          let client: PoolClient | undefined
          try {
            client = await pool.connect()
            await client.query(begin)
            const placed = await placeInTransaction(client, sql, lockPrefix, chunks)
            const entry: Pending = { messages: placed.messages, client, done }
            pending = entry
            return {
              ...placed,
              undo() {
                if (pending !== entry) return
                pending = undefined
                void finish(entry.client, entry.done, 'ROLLBACK').catch(() => {})
              },
            }
          } catch (error) {
            if (client) await finish(client, done, 'ROLLBACK').catch(() => {})
            else done()
            throw reword(error)
          }
        },
      }
    },

    async contexts() {
      const { rows } = await pool.query<{ name: string; timelines: string } & TimelineRow>(sql.contexts)
      return rows.map((r) => ({
        name: r.name,
        timelines: Number(r.timelines),
        newest: { context: r.name, id: r.id, created: r.created },
      }))
    },

    async contextPage(options = {}): Promise<ContextPage> {
      const limit = contextLimit(options.limit)
      const values = [options.after ?? null, options.prefix ?? '', limit + 1]
      const { rows } = await pool.query<{ name: string; timelines: string } & TimelineRow>({ ...sql.contextPage, values })
      const items = rows.map((r) => ({
        name: r.name,
        timelines: Number(r.timelines),
        newest: { context: r.name, id: r.id, created: r.created },
      }))
      return contextsPage(items, limit)
    },

    async timelines(context, options = {}): Promise<TimelinePage> {
      const limit = pageLimit(options.limit)
      const { rows } = options.before === undefined
        ? await pool.query<TimelineRow>({ ...sql.timelines, values: [context, limit + 1] })
        : await pool.query<TimelineRow>({ ...sql.timelinesBefore, values: [context, limit + 1, options.before] })
      const items = rows.slice(0, limit).map(toTimeline)
      const last = items[items.length - 1]
      return rows.length > limit && last ? { items, next: last.id } : { items }
    },

    async newest(context) {
      const { rows } = await pool.query<TimelineRow>({ ...sql.newest, values: [context] })
      return rows[0] && toTimeline(rows[0])
    },

    async timeline(context, id) {
      const { rows } = await pool.query<TimelineRow>({ ...sql.timeline, values: [context, id] })
      return rows[0] && toTimeline(rows[0])
    },

    async messages(context, timeline) {
      const { rows } = await pool.query<MessageRow>({ ...sql.messages, values: [context, timeline] })
      return rows.map((row) => toStored(row, context, timeline))
    },

    async deleteTimelinesBefore(cutoff, limit) {
      if (closed) throw new Error(`store ${target.display} is closed`)
      try {
        return await deleteTimelinesBefore(pool, target.schema, sql, lockPrefix, cutoff, limit)
      } catch (error) {
        throw reword(error)
      }
    },

    state(facet) {
      return createSqlState(facet, { pool, schema: target.schema, where: target.display, reword })
    },

    async close() {
      if (closed) return
      closed = true
      await tail
      await pool.end()
    },
  }
  return store
}
