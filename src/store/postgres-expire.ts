// Retention for the PostgreSQL store: up to `limit` timelines created before a cutoff, oldest first,
// never the newest of a context, removed with their messages in one transaction. It takes the same
// per-context locks as placement (postgres-placer.ts), always in one order, so a collector placing a
// batch in one of those contexts waits for it (and then sees the timeline gone) instead of racing it.

import type { Pool } from 'pg'
import type { Millis, TimelineInfo } from '../core/types.ts'
import { quoteIdent } from './postgres-schema.ts'
import type { Statements } from './postgres-sql.ts'

interface Row {
  context: string
  id: string
  created: number
}

export async function deleteTimelinesBefore(
  pool: Pool,
  schema: string,
  sql: Statements,
  lockPrefix: string,
  cutoff: Millis,
  limit: number,
): Promise<TimelineInfo[]> {
  if (!(limit >= 1)) return []
  const s = quoteIdent(schema)
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const { rows: old } = await client.query<Row>(
      `SELECT t.context, t.id, t.created FROM ${s}.timelines t
        WHERE t.created < $1
          AND EXISTS (SELECT 1 FROM ${s}.timelines n
                       WHERE n.context = t.context AND (n.created, n.seq) > (t.created, t.seq))
        ORDER BY t.created, t.seq
        LIMIT $2`,
      [cutoff, Math.floor(limit)],
    )
    if (old.length === 0) {
      await client.query('COMMIT')
      client.release()
      return []
    }
    const contexts = old.map((r) => r.context)
    const ids = old.map((r) => r.id)
    await client.query({ ...sql.lockContexts, values: [[...new Set(contexts)], lockPrefix] })
    await client.query(
      `DELETE FROM ${s}.messages m USING unnest($1::text[], $2::text[]) AS u(context, id)
        WHERE m.context = u.context AND m.timeline = u.id`,
      [contexts, ids],
    )
    const { rows: gone } = await client.query<Row>(
      `WITH gone AS (
         DELETE FROM ${s}.timelines t USING unnest($1::text[], $2::text[]) AS u(context, id)
          WHERE t.context = u.context AND t.id = u.id
          RETURNING t.context, t.id, t.created, t.seq
       ), counted AS (
         UPDATE ${s}.contexts c SET timelines = c.timelines - g.n
           FROM (SELECT context, count(*) AS n FROM gone GROUP BY context) g
          WHERE c.name = g.context
       )
       SELECT context, id, created FROM gone ORDER BY created, seq`,
      [contexts, ids],
    )
    await client.query('COMMIT')
    client.release()
    return gone.map((r) => ({ context: r.context, id: r.id, created: r.created }))
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    client.release(true)
    throw error
  }
}
