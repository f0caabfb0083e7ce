// The watchdog's state through each backend — a key space in memory and in LevelDB, the table on PostgreSQL
// (skipped when no server answers, outside CI): services written are read back after a reopen, a later write of a
// gid replaces the earlier one, and a watchdog over it after a restart keeps gids.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { prepareServiceStore, serviceStore } from '../../src/facets/watchdog/service-store.ts'
import type { StateBackend } from '../../src/store/types.ts'
import { describeWithPostgres, findPostgres } from '../store/postgres-server.ts'
import { keyBackends, openSqlState } from '../store/state-backends.ts'
import { dogFixture, request } from './fixture.ts'

interface Opened {
  state: StateBackend
  reopen(): Promise<StateBackend>
  close(): Promise<void>
}

function serviceStoreContract(open: () => Promise<Opened>): void {
  test('services written are read back after a reopen; a later write of a gid replaces it', async () => {
    const opened = await open()
    try {
      const first = await dogFixture({ state: opened.state })
      first.dog.onboard(request('u1'), 'mqtt')
      first.dog.onboard(request('u2', { name: 'worker' }), 'http')
      first.dog.activity({ kind: 'config', gid: 'Web-2', session: 1, body: { gid: 'Web-2', session: 1, config: { token: 't', port: 5 } } })
      await first.dog.close()
      const state = await opened.reopen()
      await prepareServiceStore(state)
      const read = (await serviceStore(state).all()).sort((a, b) => a.gid.localeCompare(b.gid))
      assert.deepEqual(read.map((s) => [s.gid, s.state, s.session, s.via]), [['Web-1', 'onboarded', 1, 'mqtt'], ['Web-2', 'active', 1, 'http']])
      assert.deepEqual(read[1]!.config, { token: '***', port: 5 })
      const second = await dogFixture({ state })
      const again = second.dog.onboard(request('u3', { name: 'worker' }), 'mqtt')
      assert.ok(again.ok && again.response.gid === 'Web-2' && again.response.session === 2)
      await second.dog.close()
      const after = await serviceStore(state).all()
      assert.equal(after.length, 2)
      assert.equal(after.find((s) => s.gid === 'Web-2')!.session, 2)
    } finally {
      await opened.close()
    }
  })
}

for (const backend of keyBackends) {
  describe(`the watchdog's state in ${backend.name}`, () => serviceStoreContract(async () => {
    const opened = await backend.open('watchdog')
    return { state: opened.state, reopen: () => opened.reopen(), close: () => opened.close() }
  }))
}

describeWithPostgres('the watchdog\'s state on PostgreSQL', await findPostgres(), (url) => {
  serviceStoreContract(async () => {
    const opened = await openSqlState(url, 'watchdog')
    await prepareServiceStore(opened.state)
    return { state: opened.state, reopen: () => opened.reopen(), close: () => opened.close() }
  })
})
