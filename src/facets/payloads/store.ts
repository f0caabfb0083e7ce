// The payloads' index, kept beside the events in the store's database: each payload's attributes and statuses, as
// derive() makes them from its timeline, with look-ups by request_id, account, org_id, inventory_id and system_id
// and by time. The events stay the truth; the index is rebuilt from them for any payload (indexer.ts).
// One interface, two implementations (a LevelDB key space, PostgreSQL tables), one contract suite.

import type { StateBackend } from '../../store/types.ts'
import type { Derived, PayloadRecord, StatusRow } from './model/payload.ts'
import type { PayloadQuery, StatusQuery } from './model/query.ts'
import { keyPayloadIndex } from './store-keys.ts'
import { sqlMigrations, sqlPayloadIndex } from './store-sql.ts'

export interface PayloadIndex {
  /** Replaces what is kept of these payloads by what their messages now say. */
  put(payloads: readonly Derived[]): Promise<void>
  get(requestId: string): Promise<PayloadRecord | undefined>
  payloads(query: PayloadQuery): Promise<{ count: number; items: PayloadRecord[] }>
  statuses(query: StatusQuery): Promise<{ count: number; items: StatusRow[] }>
  /** Forgets payloads (retention removed their timelines). */
  remove(requestIds: readonly string[]): Promise<void>
}

export function payloadIndex(state: StateBackend): PayloadIndex {
  return state.kind === 'keys' ? keyPayloadIndex(state) : sqlPayloadIndex(state)
}

export async function preparePayloadIndex(state: StateBackend): Promise<void> {
  if (state.kind === 'sql') await state.migrate(sqlMigrations)
}
