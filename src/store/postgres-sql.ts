// The statements of the PostgreSQL store, for one schema. Each is a named prepared statement: planned
// once per connection. Writes send one array per column (INSERT ... SELECT FROM unnest), so a batch of
// any size is one statement of fixed text, under the 65,535-parameter limit of a multi-row VALUES.

import { quoteIdent } from './postgres-schema.ts'

export type Statements = ReturnType<typeof statements>

export function statements(schema: string) {
  const s = quoteIdent(schema)
  const tag = (name: string) => `upto-${schema}-${name}`
  /** Each context with its newest timeline. */
  const contextsWithNewest = `
        SELECT c.name, c.timelines, t.id, t.created
          FROM ${s}.contexts c
          CROSS JOIN LATERAL (
            SELECT id, created FROM ${s}.timelines WHERE context = c.name ORDER BY created DESC, seq DESC LIMIT 1
          ) t`
  return {
    /**
     * One batch, atomically: the timelines it creates (a timeline already there is kept as it is), their
     * contexts' counts, and the messages in order. $1–$3 timelines, $4–$14 messages, one array per column.
     */
    append: {
      name: tag('append'),
      text: `
        WITH added AS (
          INSERT INTO ${s}.timelines (context, id, created)
          SELECT u.context, u.id, u.created
            FROM unnest($1::text[], $2::text[], $3::float8[]) WITH ORDINALITY AS u(context, id, created, n)
           ORDER BY u.n
          ON CONFLICT (context, id) DO NOTHING
          RETURNING context
        ), counted AS (
          INSERT INTO ${s}.contexts (name, timelines)
          SELECT context, count(*) FROM added GROUP BY context ORDER BY context
          ON CONFLICT (name) DO UPDATE SET timelines = contexts.timelines + excluded.timelines
        )
        INSERT INTO ${s}.messages (context, timeline, kind, name, host, time, received, status, message, attrs, id)
        SELECT u.context, u.timeline, u.kind, u.name, u.host, u.time, u.received, u.status, u.message, u.attrs, u.id
          FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[],
                      $11::text[], $12::text[], $13::json[], $14::text[])
               WITH ORDINALITY AS u(context, timeline, kind, name, host, time, received, status, message, attrs, id, n)
         ORDER BY u.n`,
    },
    /** Waits for the write locks of contexts $1 (held until commit), always in one order: no deadlock. */
    lockContexts: {
      name: tag('lock-contexts'),
      text: `
        SELECT pg_advisory_xact_lock(k)
          FROM (SELECT DISTINCT hashtextextended($2::text || c, 0) AS k FROM unnest($1::text[]) AS c) keys
         ORDER BY k`,
    },
    /**
     * What placement needs, read under the locks: the newest timeline of each context $1, which of the
     * timelines ($2, $3) exist, and the existing ids that start with a fresh id's base ($4, $5).
     */
    placementState: {
      name: tag('placement-state'),
      text: `
        SELECT c AS context, t.id, t.created
          FROM unnest($1::text[]) AS c
          CROSS JOIN LATERAL (
            SELECT id, created FROM ${s}.timelines WHERE context = c ORDER BY created DESC, seq DESC LIMIT 1
          ) t
        UNION ALL
        SELECT t.context, t.id, NULL
          FROM unnest($2::text[], $3::text[]) AS u(context, id)
          JOIN ${s}.timelines t ON t.context = u.context AND t.id = u.id
        UNION ALL
        SELECT t.context, t.id, NULL
          FROM unnest($4::text[], $5::text[]) AS f(context, base)
          JOIN ${s}.timelines t ON t.context = f.context AND t.id >= f.base AND t.id < f.base || '.'`,
    },
    contexts: {
      name: tag('contexts'),
      text: `${contextsWithNewest} ORDER BY c.name`,
    },
    /** Names after $1 (or all when null) starting with $2, in byte order, $3 of them. */
    contextPage: {
      name: tag('context-page'),
      text: `${contextsWithNewest}
         WHERE ($1::text IS NULL OR c.name COLLATE "C" > $1::text COLLATE "C") AND starts_with(c.name, $2::text)
         ORDER BY c.name COLLATE "C"
         LIMIT $3`,
    },
    newest: {
      name: tag('newest'),
      text: `
        SELECT context, id, created FROM ${s}.timelines WHERE context = $1
         ORDER BY created DESC, seq DESC LIMIT 1`,
    },
    timeline: {
      name: tag('timeline'),
      text: `SELECT context, id, created FROM ${s}.timelines WHERE context = $1 AND id = $2`,
    },
    /** Newest first, $2 + 1 of them (one more tells whether there is a next page). */
    timelines: {
      name: tag('timelines'),
      text: `
        SELECT context, id, created FROM ${s}.timelines WHERE context = $1
         ORDER BY created DESC, seq DESC LIMIT $2`,
    },
    /** The page older than timeline $3; none when $3 is unknown. */
    timelinesBefore: {
      name: tag('timelines-before'),
      text: `
        SELECT context, id, created FROM ${s}.timelines
         WHERE context = $1
           AND (created, seq) < (SELECT created, seq FROM ${s}.timelines WHERE context = $1 AND id = $3)
         ORDER BY created DESC, seq DESC LIMIT $2`,
    },
    /** One index range: (context, timeline, seq). */
    messages: {
      name: tag('messages'),
      text: `
        SELECT kind, name, host, time, received, status, message, attrs, id FROM ${s}.messages
         WHERE context = $1 AND timeline = $2 ORDER BY seq`,
    },
  }
}
