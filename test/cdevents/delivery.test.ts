// What runs where and the DORA figures, from a small history (history.ts) whose figures are computed by hand.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { deploymentsOf, whatRunsWhere } from '../../src/facets/cdevents/model/deployments.ts'
import { doraFigures } from '../../src/facets/cdevents/model/dora.ts'
import { HOUR, T0, history } from './history.ts'

const at = (h: number) => T0 + h * HOUR

describe('what runs where', () => {
  test('the last version of each service in each environment, with its history; a removed one runs nowhere', () => {
    const running = whatRunsWhere(deploymentsOf(history))
    assert.deepEqual(running.map((r) => [r.environment, r.service, r.artifactId, r.since, r.kind]), [
      ['prod', 'api', 'pkg:oci/api@7', at(3), 'deployed'],
      ['prod', 'web', 'pkg:oci/web@2', at(20), 'upgraded'],
    ])
    assert.deepEqual(running[1]!.history.map((d) => [d.kind, d.artifactId, d.at]), [
      ['upgraded', 'pkg:oci/web@2', at(20)], ['rolledback', 'pkg:oci/web@1', at(13)],
      ['upgraded', 'pkg:oci/web@2', at(12)], ['deployed', 'pkg:oci/web@1', at(4)],
    ])
  })

  test('one environment; a history cut before the removal still has staging', () => {
    assert.deepEqual(whatRunsWhere(deploymentsOf(history), 'staging'), [])
    const before = whatRunsWhere(deploymentsOf(history.filter((a) => a.timestamp < at(30))), 'staging')
    assert.deepEqual(before.map((r) => [r.service, r.artifactId]), [['web', 'pkg:oci/web@1']])
  })
})

describe('DORA figures', () => {
  test('over two days: frequency, lead time, change failure rate and time to restore per service and environment', () => {
    const figures = doraFigures(history, { from: at(0), to: at(48) })
    assert.deepEqual(figures, [
      // web in prod: deploys at 4h, 12h, 20h; lead times 4h (c1 at 0h → web@1 at 4h) and 2h (c2 at 10h → web@2 at
      // 12h; the 20h deploy is web@2 again, not its first); failed: 4h (incident at 5h) and 12h (rolled back at 13h);
      // restored: i1 detected 5h → resolved 7h
      { service: 'api', environment: 'prod', deployments: 1, deploymentsPerDay: 0.5, leadTime: null, failedDeployments: 0, changeFailureRate: 0, timeToRestore: null },
      { service: 'web', environment: 'prod', deployments: 3, deploymentsPerDay: 1.5, leadTime: { count: 2, medianMs: 3 * HOUR }, failedDeployments: 2, changeFailureRate: 2 / 3, timeToRestore: { count: 1, medianMs: 2 * HOUR } },
      { service: 'web', environment: 'staging', deployments: 1, deploymentsPerDay: 0.5, leadTime: { count: 1, medianMs: 2 * HOUR }, failedDeployments: 0, changeFailureRate: 0, timeToRestore: null },
    ])
  })

  test('a later window: only its deployments and restores count, the changes before it still give lead times', () => {
    const [web] = doraFigures(history, { from: at(10), to: at(34) }, { service: 'web', environment: 'prod' })
    assert.deepEqual(web, { service: 'web', environment: 'prod', deployments: 2, deploymentsPerDay: 2, leadTime: { count: 1, medianMs: 2 * HOUR }, failedDeployments: 1, changeFailureRate: 0.5, timeToRestore: null })
  })

  test('no deployment in the window: no rate', () => {
    const [api] = doraFigures(history, { from: at(40), to: at(64) }, { service: 'api' })
    assert.equal(api!.deployments, 0)
    assert.equal(api!.changeFailureRate, null)
  })
})
