// The payloads' index as PostgreSQL tables in upto's schema (part of the read-only SQL interface, see README):
//
//   payloads_payloads(request_id, account, org_id, inventory_id, system_id, created_at)   one row per payload
//   payloads_statuses(request_id, service, source, status, status_msg, date, created_at)  one row per status
//
// Times are Unix milliseconds (double precision), as in upto's own tables. Each put replaces a payload's rows in
// one transaction, so collectors sharing the database index the same payload without doubling its statuses.

import type { SqlMigration, SqlState } from '../../store/types.ts'
import type { PayloadRecord, StatusRow } from './model/payload.ts'
import type { Bounds, PayloadQuery, StatusQuery } from './model/query.ts'
import { payloadFields } from './model/status.ts'
import type { PayloadIndex } from './store.ts'

export const sqlMigrations: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'payloads and their statuses',
    sql: (s) => `
      CREATE TABLE ${s}.payloads_payloads (
        request_id text COLLATE "C" PRIMARY KEY,
        account text, org_id text, inventory_id text, system_id text,
        created_at double precision NOT NULL
      );
      CREATE INDEX payloads_account ON ${s}.payloads_payloads (account);
      CREATE INDEX payloads_org_id ON ${s}.payloads_payloads (org_id);
      CREATE INDEX payloads_inventory_id ON ${s}.payloads_payloads (inventory_id);
      CREATE INDEX payloads_system_id ON ${s}.payloads_payloads (system_id);
      CREATE INDEX payloads_created_at ON ${s}.payloads_payloads (created_at);
      CREATE TABLE ${s}.payloads_statuses (
        request_id text COLLATE "C" NOT NULL,
        service text NOT NULL, source text, status text NOT NULL, status_msg text,
        date double precision NOT NULL,
        created_at double precision NOT NULL
      );
      CREATE INDEX payloads_statuses_request ON ${s}.payloads_statuses (request_id);
      CREATE INDEX payloads_statuses_date ON ${s}.payloads_statuses (date);
    `,
  },
]

const statusColumns = ['request_id', 'service', 'source', 'status', 'status_msg', 'date', 'created_at'] as const

export function sqlPayloadIndex(state: SqlState): PayloadIndex {
  const s = state.schema
  const toRecord = (row: Record<string, unknown>): PayloadRecord => {
    const record: PayloadRecord = { request_id: row.request_id as string, created_at: row.created_at as number }
    for (const field of payloadFields) if (row[field] != null) record[field] = row[field] as string
    return record
  }
  const toStatus = (row: Record<string, unknown>): StatusRow => {
    const status = { request_id: row.request_id, service: row.service, status: row.status, date: row.date, created_at: row.created_at } as StatusRow
    if (row.source != null) status.source = row.source as string
    if (row.status_msg != null) status.status_msg = row.status_msg as string
    return status
  }

  return {
    async put(payloads) {
      if (payloads.length === 0) return
      await state.transaction(async (query) => {
        for (const { record, statuses } of payloads) {
          await query(`INSERT INTO ${s}.payloads_payloads (request_id, account, org_id, inventory_id, system_id, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (request_id) DO UPDATE SET account = excluded.account, org_id = excluded.org_id,
              inventory_id = excluded.inventory_id, system_id = excluded.system_id, created_at = excluded.created_at`,
          [record.request_id, record.account ?? null, record.org_id ?? null, record.inventory_id ?? null, record.system_id ?? null, record.created_at])
          await query(`DELETE FROM ${s}.payloads_statuses WHERE request_id = $1`, [record.request_id])
          await query(`INSERT INTO ${s}.payloads_statuses (${statusColumns.join(', ')})
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])`,
          statusColumns.map((c) => statuses.map((row) => row[c] ?? null)))
        }
      })
    },

    async get(requestId) {
      const [row] = await state.query(`SELECT * FROM ${s}.payloads_payloads WHERE request_id = $1`, [requestId])
      return row && toRecord(row)
    },

    async payloads(q) {
      const where = new Where()
      for (const [field, value] of Object.entries(q.filters)) where.equal(field, value)
      where.bounds('created_at', q.createdAt)
      return page(state, `${s}.payloads_payloads`, where, q.sortBy, q, toRecord)
    },

    async statuses(q) {
      const where = new Where()
      for (const [field, value] of Object.entries(q.filters)) where.equal(field, value)
      where.bounds('date', q.date)
      where.bounds('created_at', q.createdAt)
      return page(state, `${s}.payloads_statuses`, where, q.sortBy, q, toStatus)
    },

    async remove(requestIds) {
      if (requestIds.length === 0) return
      await state.transaction(async (query) => {
        await query(`DELETE FROM ${s}.payloads_statuses WHERE request_id = ANY($1)`, [requestIds])
        await query(`DELETE FROM ${s}.payloads_payloads WHERE request_id = ANY($1)`, [requestIds])
      })
    },
  }
}

/** A WHERE clause of known column names and numbered parameters. */
class Where {
  readonly parts: string[] = []
  readonly values: unknown[] = []
  equal(column: string, value: unknown): void {
    this.values.push(value)
    this.parts.push(`${column} = $${this.values.length}`)
  }
  bounds(column: string, b: Bounds): void {
    const ops = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const
    for (const op of ['lt', 'lte', 'gt', 'gte'] as const) {
      if (b[op] === undefined) continue
      this.values.push(b[op])
      this.parts.push(`${column} ${ops[op]} $${this.values.length}`)
    }
  }
  get sql(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`
  }
}

const numeric = new Set(['date', 'created_at'])

/** One page, sorted as model/query.ts sorts (absent values first ascending; ties by request_id, created_at), and the count. */
async function page<T>(
  state: SqlState, table: string, where: Where, sortBy: string, q: { page: number; pageSize: number; sortDir: 'asc' | 'desc' },
  map: (row: Record<string, unknown>) => T,
): Promise<{ count: number; items: T[] }> {
  const dir = q.sortDir === 'asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST'
  const order = [...new Set([sortBy, 'request_id', 'created_at'])].map((c) => `${c}${numeric.has(c) ? '' : ' COLLATE "C"'} ${dir}`)
  const values = [...where.values, q.pageSize, q.page * q.pageSize]
  const n = where.values.length
  const [rows, counted] = await Promise.all([
    state.query(`SELECT * FROM ${table} ${where.sql} ORDER BY ${order.join(', ')} LIMIT $${n + 1} OFFSET $${n + 2}`, values),
    state.query<{ count: string }>(`SELECT count(*) AS count FROM ${table} ${where.sql}`, where.values),
  ])
  return { count: Number(counted[0]?.count ?? 0), items: rows.map(map) }
}
