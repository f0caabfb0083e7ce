// The backends a facet's state runs on, for its contract suite: a key space in memory and in a LevelDB folder,
// tables in a PostgreSQL schema. A facet's suite runs its own store interface through each, as the event store's
// contract runs through every store.

import { createMemoryStore } from '../../src/store/memory.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { KeyState, SqlState, StateStore } from '../../src/store/types.ts'
import { dropSchema, freshSchema } from './postgres-server.ts'
import { tempFolder } from './temp-folder.ts'

export interface OpenState<S> {
  state: S
  /** The same facet's state after the store was closed and opened again (memory: the same store). */
  reopen(): Promise<S>
  close(): Promise<void>
}

export interface KeyBackend {
  name: string
  open(facet: string): Promise<OpenState<KeyState> & { store: StateStore }>
}

export const keyBackends: readonly KeyBackend[] = [
  {
    name: 'memory',
    async open(facet) {
      const store = createMemoryStore()
      const state = store.state(facet) as KeyState
      return { store, state, reopen: async () => state, close: () => store.close() }
    },
  },
  {
    name: 'LevelDB',
    async open(facet) {
      const folder = await tempFolder()
      let store = await openLevelStore(folder.dir)
      const opened = {
        store,
        state: store.state(facet) as KeyState,
        async reopen() {
          await store.close()
          store = await openLevelStore(folder.dir)
          opened.store = store
          return store.state(facet) as KeyState
        },
        async close() {
          await store.close()
          await folder.remove()
        },
      }
      return opened
    },
  },
]

/** A facet's tables in a schema of their own on the test server (the URL describeWithPostgres() gives). */
export async function openSqlState(url: string, facet: string): Promise<OpenState<SqlState> & { schema: string }> {
  const schema = freshSchema()
  let store: StateStore = await openPostgresStore(url, { schema })
  return {
    schema,
    state: store.state(facet) as SqlState,
    async reopen() {
      await store.close()
      store = await openPostgresStore(url, { schema })
      return store.state(facet) as SqlState
    },
    async close() {
      await store.close()
      await dropSchema(url, schema)
    },
  }
}
