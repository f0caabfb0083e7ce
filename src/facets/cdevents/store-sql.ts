// The lake as PostgreSQL tables in upto's schema, part of the read-only SQL interface (README, "CDEvents"):
//
//   cdevents_lake(id, imported_at, timestamp, payload jsonb, subject, predicate, version, context_id)
//       every accepted CDEvent, shaped like cdviz's cdevents_lake: unique on (context_id, subject, predicate,
//       version, timestamp), the whole event type, so the duplicates are those of duplicateKey()
//   cdevents_placements(key, context, timeline, name)       where each run went (mapping.ts)
//   views cdevents_pipelinerun, _taskrun, _build, _testsuiterun, _testcaserun, _service, _artifact, _incident:
//       one row per subject_id with the time of each predicate, the last outcome and the last payload

import type { SqlMigration, SqlState } from '../../store/types.ts'
import { duplicateKey, type Accepted, type CDEvent } from './model/cdevent.ts'
import type { Placement } from './model/mapping.ts'
import type { CdeventLake } from './store.ts'

/** Each view's subject and the predicates that get a `<predicate>_at` column. */
export const lakeViews: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['pipelinerun', ['queued', 'started', 'finished']],
  ['taskrun', ['queued', 'started', 'finished']],
  ['build', ['queued', 'started', 'finished']],
  ['testsuiterun', ['queued', 'started', 'finished']],
  ['testcaserun', ['queued', 'started', 'finished', 'skipped']],
  ['service', ['deployed', 'upgraded', 'rolledback', 'removed', 'published']],
  ['artifact', ['packaged', 'signed', 'published', 'downloaded', 'deleted']],
  ['incident', ['detected', 'reported', 'resolved']],
]

function viewSql(s: string, subject: string, predicates: readonly string[]): string {
  const times = predicates.map((p) => `max(timestamp) FILTER (WHERE predicate = '${p}') AS ${p}_at`).join(',\n        ')
  return `
      CREATE VIEW ${s}.cdevents_${subject} AS
      SELECT payload -> 'subject' ->> 'id' AS subject_id,
        ${times},
        (array_agg(payload -> 'subject' -> 'content' ->> 'outcome' ORDER BY timestamp DESC)
          FILTER (WHERE payload -> 'subject' -> 'content' ? 'outcome'))[1] AS outcome,
        (array_agg(predicate ORDER BY timestamp DESC))[1] AS last_predicate,
        max(timestamp) AS last_at,
        (array_agg(payload ORDER BY timestamp DESC))[1] AS last_payload
      FROM ${s}.cdevents_lake WHERE subject = '${subject}'
      GROUP BY payload -> 'subject' ->> 'id';`
}

export const sqlMigrations: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'the CDEvents lake, the runs\' placements and the views',
    sql: (s) => `
      CREATE TABLE ${s}.cdevents_lake (
        id bigserial PRIMARY KEY,
        imported_at timestamptz NOT NULL DEFAULT now(),
        timestamp timestamptz NOT NULL,
        payload jsonb NOT NULL,
        subject varchar(100) NOT NULL,
        predicate varchar(100) NOT NULL,
        version varchar(20) NOT NULL,
        context_id varchar(255) NOT NULL,
        UNIQUE (context_id, subject, predicate, version, timestamp)
      );
      CREATE INDEX cdevents_lake_subject_timestamp ON ${s}.cdevents_lake (subject, timestamp);
      CREATE TABLE ${s}.cdevents_placements (
        key text COLLATE "C" PRIMARY KEY,
        context text NOT NULL, timeline text NOT NULL, name text NOT NULL
      );
      ${lakeViews.map(([subject, predicates]) => viewSql(s, subject, predicates)).join('\n')}
    `,
  },
]

/** A timestamp as PostgreSQL is given it: milliseconds, exactly as the duplicate key has them. */
const asTime = (ms: number) => new Date(ms).toISOString()

export function sqlLake(state: SqlState): CdeventLake {
  const s = state.schema
  return {
    async known(events) {
      if (events.length === 0) return new Set()
      const rows = await state.query<{ context_id: string; subject: string; predicate: string; version: string; ms: number }>(
        `SELECT l.context_id, l.subject, l.predicate, l.version, (extract(epoch FROM l.timestamp) * 1000)::float8 AS ms
         FROM ${s}.cdevents_lake l
         JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS k(context_id, subject, predicate, version, ts)
           ON l.context_id = k.context_id AND l.subject = k.subject AND l.predicate = k.predicate AND l.version = k.version AND l.timestamp = k.ts`,
        [events.map((e) => e.contextId), events.map((e) => e.subject), events.map((e) => e.predicate), events.map((e) => e.version), events.map((e) => asTime(e.timestamp))],
      )
      return new Set(rows.map((r) => duplicateKey({ contextId: r.context_id, subject: r.subject, predicate: r.predicate, version: r.version, timestamp: Math.round(r.ms) })))
    },

    async add(events, placed) {
      await state.transaction(async (query) => {
        if (events.length > 0) {
          await query(
            `INSERT INTO ${s}.cdevents_lake (imported_at, timestamp, payload, subject, predicate, version, context_id)
             SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::text[])
             ON CONFLICT (context_id, subject, predicate, version, timestamp) DO NOTHING`,
            [
              events.map((e) => asTime(e.received)), events.map((e) => asTime(e.timestamp)),
              events.map((e) => JSON.stringify(e.event)), events.map((e) => e.subject), events.map((e) => e.predicate),
              events.map((e) => e.version), events.map((e) => e.contextId),
            ],
          )
        }
        if (placed.length > 0) {
          await query(
            `INSERT INTO ${s}.cdevents_placements (key, context, timeline, name)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
             ON CONFLICT (key) DO NOTHING`,
            [placed.map(([k]) => k), placed.map(([, p]) => p.context), placed.map(([, p]) => p.timeline), placed.map(([, p]) => p.name)],
          )
        }
      })
    },

    async placements(keys) {
      const rows = keys.length === 0 ? [] : await state.query<Placement & { key: string }>(
        `SELECT key, context, timeline, name FROM ${s}.cdevents_placements WHERE key = ANY($1::text[])`, [keys],
      )
      return new Map(rows.map((r) => [r.key, { context: r.context, timeline: r.timeline, name: r.name }]))
    },

    async history(subjects, range = {}) {
      const rows = await state.query<{ payload: CDEvent; subject: string; predicate: string; version: string; context_id: string; imported: number; ms: number }>(
        `SELECT payload, subject, predicate, version, context_id,
           (extract(epoch FROM imported_at) * 1000)::float8 AS imported, (extract(epoch FROM timestamp) * 1000)::float8 AS ms
         FROM ${s}.cdevents_lake
         WHERE subject = ANY($1::text[]) AND ($2::timestamptz IS NULL OR timestamp >= $2) AND ($3::timestamptz IS NULL OR timestamp < $3)
         ORDER BY timestamp, id`,
        [subjects, range.from === undefined ? null : asTime(range.from), range.to === undefined ? null : asTime(range.to)],
      )
      return rows.map((r): Accepted => ({
        event: r.payload, contextId: r.context_id, subject: r.subject, predicate: r.predicate, version: r.version,
        specVersion: String(r.payload.context.specversion ?? r.payload.context.version),
        timestamp: Math.round(r.ms), received: Math.round(r.imported),
      }))
    },
  }
}
