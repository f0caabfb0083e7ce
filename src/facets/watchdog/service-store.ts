// The watchdog's own state, so gids and states survive a collector's restart: one record per service, in a key
// space (LevelDB, memory: `s/<gid>`) or a PostgreSQL table (`watchdog_services`). The collector holds every
// service in memory and writes what changed about once a second.

import type { SqlMigration, StateBackend } from '../../store/types.ts'
import type { Service } from './model/types.ts'

export interface ServiceStore {
  all(): Promise<Service[]>
  put(services: readonly Service[]): Promise<void>
}

export const watchdogMigrations: readonly SqlMigration[] = [
  {
    version: 1,
    name: 'services',
    sql: (s) => `
      CREATE TABLE ${s}.watchdog_services (
        gid text COLLATE "C" PRIMARY KEY,
        state text NOT NULL,
        last_seen double precision NOT NULL,
        record jsonb NOT NULL
      );
    `,
  },
]

export function serviceStore(state: StateBackend): ServiceStore {
  if (state.kind === 'keys') {
    return {
      all: async () => (await state.entries<Service>({ prefix: 's/' })).map(([, service]) => service),
      put: (services) => state.write(services.map((service) => ({ put: `s/${service.gid}`, value: service }))),
    }
  }
  const s = state.schema
  return {
    all: async () => (await state.query<{ record: Service }>(`SELECT record FROM ${s}.watchdog_services`)).map((row) => row.record),
    async put(services) {
      if (services.length === 0) return
      await state.query(`INSERT INTO ${s}.watchdog_services (gid, state, last_seen, record)
        SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::jsonb[])
        ON CONFLICT (gid) DO UPDATE SET state = excluded.state, last_seen = excluded.last_seen, record = excluded.record`,
      [services.map((x) => x.gid), services.map((x) => x.state), services.map((x) => x.lastSeen), services.map((x) => JSON.stringify(x))])
    },
  }
}

export async function prepareServiceStore(state: StateBackend): Promise<void> {
  if (state.kind === 'sql') await state.migrate(watchdogMigrations)
}
