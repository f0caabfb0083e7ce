// What the cdevents facet keeps beside the events, in the store's database: every accepted CDEvent (the lake, by
// cdviz's duplicate key), and where each run was placed (mapping.ts), so its children find it. One interface, two
// implementations (a LevelDB/memory key space, PostgreSQL tables shaped like cdviz's cdevents_lake), one contract
// suite (test/cdevents/store.test.ts).

import type { StateBackend } from '../../store/types.ts'
import type { Accepted } from './model/cdevent.ts'
import type { Placement, PlacementKey } from './model/mapping.ts'
import { keyLake } from './store-keys.ts'
import { sqlLake, sqlMigrations } from './store-sql.ts'

export interface TimeRange {
  /** Inclusive, Unix milliseconds. */
  from?: number
  /** Exclusive. */
  to?: number
}

export interface CdeventLake {
  /** Of these events, the duplicate keys (duplicateKey) already kept. */
  known(events: readonly Accepted[]): Promise<Set<string>>
  /** Keeps the events and placements, durable when it resolves; an event already kept is kept once. */
  add(events: readonly Accepted[], placed: ReadonlyArray<readonly [PlacementKey, Placement]>): Promise<void>
  placements(keys: readonly PlacementKey[]): Promise<Map<PlacementKey, Placement>>
  /** The events of these subjects (`service`, `change`, …) in the range, oldest first. */
  history(subjects: readonly string[], range?: TimeRange): Promise<Accepted[]>
}

export function cdeventLake(state: StateBackend): CdeventLake {
  return state.kind === 'keys' ? keyLake(state) : sqlLake(state)
}

export async function prepareLake(state: StateBackend): Promise<void> {
  if (state.kind === 'sql') await state.migrate(sqlMigrations)
}
