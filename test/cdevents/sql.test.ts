// The cdevents lake as a read-only SQL interface: the tables and views a collector makes on PostgreSQL, and every
// query of the README's "CDEvents" section run against them, answering right.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { collectorParts, prepareFacets } from '../../src/server/app.ts'
import { cdeventLake } from '../../src/facets/cdevents/store.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { StateStore } from '../../src/store/types.ts'
import { describeWithPostgres, dropSchema, findPostgres, freshSchema, query } from '../store/postgres-server.ts'
import { accepted } from './history.ts'

const server = await findPostgres()
const HOUR = 3_600_000
const now = Date.now()

function readmeQueries(schema: string): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.split('\n## CDEvents: CI/CD runs, what runs where, DORA\n')[1]?.split('\n## ')[0] ?? ''
  const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\bupto\./g, `"${schema}".`))
  return new Map(blocks.map((sql) => [sql.split('\n')[0]!.replace(/^-- /, ''), sql]))
}

const ev = (type: string, id: string, hoursAgo: number, content: Record<string, unknown>) => accepted({
  context: { specversion: '0.5.0', id: `${type}/${id}/${hoursAgo}`, source: '/ci', type: `dev.cdevents.${type}`, timestamp: new Date(now - hoursAgo * HOUR).toISOString() },
  subject: { id, source: '/ci', content },
})

describeWithPostgres('the cdevents tables on PostgreSQL', server, (url) => {
  const schema = freshSchema()
  let store: StateStore

  before(async () => {
    store = await openPostgresStore(url, { schema })
    await prepareFacets(await collectorParts(), store)
    const lake = cdeventLake(store.state('cdevents'))
    await lake.add([
      ev('pipelinerun.started.0.3.0', 'fast', 10, { pipelineName: 'release' }),
      ev('pipelinerun.finished.0.3.0', 'fast', 9, { pipelineName: 'release', outcome: 'success' }),
      ev('pipelinerun.started.0.3.0', 'slow', 8, { pipelineName: 'release' }),
      ev('pipelinerun.finished.0.3.0', 'slow', 5, { pipelineName: 'release', outcome: 'failure' }),
      ev('service.deployed.0.3.0', 'web', 30, { environment: { id: 'prod' }, artifactId: 'pkg:oci/web@1' }),
      ev('service.upgraded.0.3.0', 'web', 4, { environment: { id: 'prod' }, artifactId: 'pkg:oci/web@2' }),
      ev('service.deployed.0.3.0', 'web', 3, { environment: { id: 'staging' }, artifactId: 'pkg:oci/web@3' }),
      ev('testcaserun.finished.0.3.0', 'tc-1', 2, { environment: { id: 'ci' }, testCase: { id: 'login', name: 'login' }, outcome: 'fail' }),
      ev('testcaserun.finished.0.3.0', 'tc-2', 1, { environment: { id: 'ci' }, testCase: { id: 'login', name: 'login' }, outcome: 'fail' }),
    ], [])
  })
  after(async () => {
    await store?.close()
    await dropSchema(url, schema)
  })

  test('every query of the README section runs', async () => {
    const queries = readmeQueries(schema)
    assert.equal(queries.size, 4)
    for (const [title, sql] of queries) await assert.doesNotReject(query(url, sql), title)
  })

  test('the slowest pipeline runs first, with their outcome', async () => {
    const rows = await query<{ subject_id: string; pipeline: string; outcome: string }>(url, readmeQueries(schema).get('Pipeline runs of the last week, slowest first')!)
    assert.deepEqual(rows.map((r) => [r.subject_id, r.pipeline, r.outcome]), [['slow', 'release', 'failure'], ['fast', 'release', 'success']])
  })

  test('what runs where, from the lake', async () => {
    const rows = await query<{ environment: string; service: string; artifact: string }>(url, readmeQueries(schema).get('What runs where: the last version of each service in each environment')!)
    assert.deepEqual(rows.map((r) => [r.environment, r.service, r.artifact]), [['prod', 'web', 'pkg:oci/web@2'], ['staging', 'web', 'pkg:oci/web@3']])
  })

  test('the views: a row per subject with the times of its predicates', async () => {
    const [web] = await query<{ subject_id: string; deployed_at: Date; upgraded_at: Date; last_predicate: string }>(url, `SELECT * FROM "${schema}".cdevents_service`)
    assert.equal(web?.subject_id, 'web')
    assert.equal(web?.last_predicate, 'deployed')
    assert.equal(web?.upgraded_at.getTime(), now - 4 * HOUR)
    const failures = await query<{ test_case: string; failures: string }>(url, readmeQueries(schema).get('Test cases that failed most this month')!)
    assert.deepEqual(failures.map((r) => [r.test_case, Number(r.failures)]), [['login', 2]])
  })
})
