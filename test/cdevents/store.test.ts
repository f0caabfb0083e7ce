// The cdevents lake (store.ts) through one contract, on every backend: a key space in memory and on LevelDB, and
// PostgreSQL tables shaped like cdviz's cdevents_lake (skipped, saying why, when no server runs outside CI).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { duplicateKey } from '../../src/facets/cdevents/model/cdevent.ts'
import { doraFigures } from '../../src/facets/cdevents/model/dora.ts'
import { cdeventLake, prepareLake, type CdeventLake } from '../../src/facets/cdevents/store.ts'
import type { StateBackend } from '../../src/store/types.ts'
import { describeWithPostgres, findPostgres } from '../store/postgres-server.ts'
import { keyBackends, openSqlState, type OpenState } from '../store/state-backends.ts'
import { accepted, cdevent, history, HOUR, T0 } from './history.ts'
import { fixtures } from './fixtures.ts'

function lakeContract(name: string, open: () => Promise<OpenState<StateBackend>>): void {
  const withLake = async (run: (lake: CdeventLake, reopen: () => Promise<CdeventLake>) => Promise<void>) => {
    const opened = await open()
    try {
      await prepareLake(opened.state)
      await run(cdeventLake(opened.state), async () => cdeventLake(await opened.reopen()))
    } finally {
      await opened.close()
    }
  }

  describe(`the cdevents lake on ${name}`, () => {
    test('keeps events once by their duplicate key, across a reopen', () => withLake(async (lake, reopen) => {
      const all = fixtures.map((f) => accepted(f.event))
      assert.deepEqual(await lake.known(all), new Set())
      await lake.add(all, [])
      await lake.add(all.slice(0, 3), [])
      const again = await reopen()
      assert.deepEqual(await again.known(all), new Set(all.map(duplicateKey)))
      const other = accepted(cdevent('build.started.0.3.0', 'b-1', 1, {}))
      assert.deepEqual(await again.known([other]), new Set())
      assert.equal((await again.history(['pipelinerun'])).length, 9)
    }))

    test('history by subject and time range, oldest first, the events as given', () => withLake(async (lake) => {
      await lake.add([...history].reverse(), [])
      const services = await lake.history(['service'])
      assert.deepEqual(services.map((a) => a.timestamp), [2, 3, 4, 12, 13, 20, 30].map((h) => T0 + h * HOUR))
      assert.deepEqual(services[0], history[2])
      const some = await lake.history(['change', 'incident'], { from: T0 + 5 * HOUR, to: T0 + 10 * HOUR })
      assert.deepEqual(some.map((a) => `${a.subject}.${a.predicate}`), ['incident.detected', 'incident.resolved'])
      // the DORA figures are the same from any backend
      const window = { from: T0, to: T0 + 48 * HOUR }
      assert.deepEqual(doraFigures(await lake.history(['service', 'change', 'artifact', 'incident']), window), doraFigures(history, window))
    }))

    test('placements, the first kept', () => withLake(async (lake) => {
      await lake.add([], [['run/pipelinerun/p1', { context: 'release', timeline: 'p1', name: 'pipeline' }]])
      await lake.add([], [['run/pipelinerun/p1', { context: 'other', timeline: 'x', name: 'y' }], ['chain/c', { context: 'release', timeline: 'p1', name: 'pipeline' }]])
      const found = await lake.placements(['run/pipelinerun/p1', 'chain/c', 'run/taskrun/none'])
      assert.deepEqual(Object.fromEntries(found), {
        'run/pipelinerun/p1': { context: 'release', timeline: 'p1', name: 'pipeline' },
        'chain/c': { context: 'release', timeline: 'p1', name: 'pipeline' },
      })
    }))
  })
}

for (const backend of keyBackends) lakeContract(backend.name, () => backend.open('cdevents'))
describeWithPostgres('the cdevents lake on PostgreSQL', await findPostgres(), (url) => {
  lakeContract('PostgreSQL', () => openSqlState(url, 'cdevents'))
})
