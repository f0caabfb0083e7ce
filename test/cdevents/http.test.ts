// POST /api/cdevents on a real collector: binary and structured CloudEvents and batches, answered once durable;
// duplicates kept once; refusals answered as problem+JSON with their reason and counted at /metrics; a pipeline
// with tasks and a test suite mapped into one timeline.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTimeline } from '../../src/core/timeline.ts'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { Store } from '../../src/store/types.ts'
import { fixture, fixtures } from './fixtures.ts'

let collector: Collector
let store: Store
let base: string

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/api/cdevents`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
const cloudEvent = (data: any, id: string) => ({ specversion: '1.0', id, source: data.context.source, type: data.context.type, datacontenttype: 'application/json', data })

before(async () => {
  store = createMemoryStore()
  collector = await startCollector({ store, port: 0, log: () => {} })
  base = `http://127.0.0.1:${collector.httpPort}`
})
after(() => collector.close())

describe('POST /api/cdevents', () => {
  test('a structured batch of every conformance file: all accepted, then all known', async () => {
    const batch = fixtures.map((f, i) => cloudEvent(f.event, `ce-${i}`))
    const headers = { 'content-type': 'application/cloudevents-batch+json' }
    const first = await post(batch, headers)
    assert.equal(first.status, 201)
    assert.deepEqual(await first.json(), { accepted: fixtures.length, duplicates: 0, refused: [] })
    const again = await post(batch, headers)
    assert.equal(again.status, 201)
    assert.deepEqual(await again.json(), { accepted: 0, duplicates: fixtures.length, refused: [] })
    // durable when answered: the conformance pipeline run is in the store already
    const contexts = (await store.contexts()).map((c) => c.name)
    assert.ok(contexts.includes('myPipeline'), contexts.join(', '))
  })

  test('binary mode: the CDEvent as the body, the CloudEvent in ce-* headers', async () => {
    const e = fixture('v0.5.1', 'build_started.json')
    e.context.id = 'binary-1'
    const response = await post(e, { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'b1', 'ce-source': '/ci', 'ce-type': e.context.type })
    assert.equal(response.status, 201)
    assert.equal(((await response.json()) as any).accepted, 1)
  })

  test('structured mode, one event', async () => {
    const e = fixture('v0.3.0', 'change_merged.json')
    e.context.id = 'structured-1'
    const response = await post(cloudEvent(e, 's1'), { 'content-type': 'application/cloudevents+json' })
    assert.equal(response.status, 201)
    assert.equal(((await response.json()) as any).accepted, 1)
  })

  test('an event without an id gets its content id, so its resend is a duplicate', async () => {
    const e = fixture('v0.4.1', 'artifact_signed.json')
    delete e.context.id
    assert.deepEqual(await (await post(e)).json(), { accepted: 1, duplicates: 0, refused: [] })
    assert.deepEqual(await (await post(e)).json(), { accepted: 0, duplicates: 1, refused: [] })
  })

  test('one event in two requests at once: kept once, both answered once it is durable', async () => {
    const e = fixture('v0.5.1', 'environment_created.json')
    e.context.id = 'twice-at-once'
    const answers = await Promise.all([post(e), post(e), post([e, e])])
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<any>))
    assert.deepEqual(answers.map((r) => r.status), [201, 201, 201])
    assert.equal(bodies.reduce((n, b) => n + b.accepted, 0), 1)
    assert.equal(bodies.reduce((n, b) => n + b.duplicates, 0), 3)
  })

  test('refusals: problem+JSON with the reason, a batch keeps what is good, all counted', async () => {
    const unknown = fixture('v0.4.1', 'build_started.json')
    unknown.context.type = 'dev.cdevents.spaceship.launched.0.1.0'
    const one = await post(unknown)
    assert.equal(one.status, 400)
    assert.equal(one.headers.get('content-type'), 'application/problem+json')
    const problem = await one.json() as any
    assert.equal(problem.status, 400)
    assert.equal(problem.title, 'Bad Request')
    assert.match(problem.detail, /^unknown_type: /)

    const bad = await post('{"context": ')
    assert.equal(bad.status, 400)
    assert.match(((await bad.json()) as any).detail, /^malformed: /)

    const good = fixture('v0.5.1', 'incident_detected.json')
    good.context.id = 'mixed-1'
    const mixed = await post([unknown, good, 42])
    assert.equal(mixed.status, 201)
    const answer = await mixed.json() as any
    assert.equal(answer.accepted, 1)
    assert.deepEqual(answer.refused.map((r: any) => [r.index, r.reason]), [[0, 'unknown_type'], [2, 'not_a_cdevent']])

    const metrics = await (await fetch(`${base}/metrics`)).text()
    assert.match(metrics, /upto_cdevents_total\{reason="unknown_type"\} 2/)
    assert.match(metrics, /upto_cdevents_total\{reason="malformed"\} 1/)
    assert.match(metrics, /upto_cdevents_total\{reason="duplicate"\} \d+/)
  })
})

describe('a pipeline with tasks and test suites: one timeline', () => {
  const t = (s: number) => new Date(Date.UTC(2025, 4, 1, 12, 0, s)).toISOString()
  const ev = (type: string, id: string, at: number, content: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    context: { specversion: '0.5.0', id: `${type}-${id}-${at}`, source: '/tekton', type: `dev.cdevents.${type}`, timestamp: t(at), ...extra },
    subject: { id, source: '/tekton', content },
  })
  const chain = { chainId: 'chain-42' }

  test('runs become spans under the pipeline run, queued time as waiting, outcome as status, errors as message', async () => {
    const events = [
      ev('pipelinerun.queued.0.3.0', 'pr-1', 0, { pipelineName: 'release' }, chain),
      ev('pipelinerun.started.0.3.0', 'pr-1', 5, { pipelineName: 'release' }, chain),
      ev('taskrun.started.0.3.0', 'tr-build', 6, { taskName: 'build', pipelineRun: { id: 'pr-1' } }),
      ev('taskrun.finished.0.3.0', 'tr-build', 20, { taskName: 'build', pipelineRun: { id: 'pr-1' }, outcome: 'success' }),
      ev('testsuiterun.started.0.3.0', 'ts-1', 21, { testSuite: { id: 'unit', name: 'unit tests' }, environment: { id: 'ci' } }, chain),
      ev('testcaserun.started.0.3.0', 'tc-1', 22, { testCase: { id: 'login', name: 'login' }, testSuiteRun: { id: 'ts-1' }, environment: { id: 'ci' } }),
      ev('testcaserun.finished.0.3.0', 'tc-1', 25, { testCase: { id: 'login', name: 'login' }, testSuiteRun: { id: 'ts-1' }, environment: { id: 'ci' }, outcome: 'fail', reason: 'expected 200, got 500' }),
      ev('testsuiterun.finished.0.3.0', 'ts-1', 26, { testSuite: { id: 'unit', name: 'unit tests' }, environment: { id: 'ci' }, outcome: 'fail' }, chain),
      ev('taskrun.finished.0.3.0', 'tr-deploy', 27, { taskName: 'deploy', pipelineRun: { id: 'pr-1' }, outcome: 'cancel' }),
      ev('pipelinerun.finished.0.3.0', 'pr-1', 30, { pipelineName: 'release', outcome: 'failure', errors: 'tests failed' }, chain),
    ]
    // the pipeline first, then its children in one batch: children find their parents both ways
    assert.equal((await post(events.slice(0, 2))).status, 201)
    assert.equal((await post(events.slice(2))).status, 201)

    const info = await store.timeline('release', 'pr-1')
    assert.ok(info, 'the pipeline run is a timeline of the context named after its pipeline')
    const timeline = buildTimeline(info, await store.messages('release', 'pr-1'))
    const row = (name: string) => {
      const r = timeline.rows.find((x) => x.name === name)
      assert.ok(r, `${name} in ${timeline.rows.map((x) => x.name).join(', ')}`)
      return r
    }
    const at = (s: number) => Date.parse(t(s))
    assert.deepEqual([row('pipeline').start, row('pipeline').end, row('pipeline').status], [at(5), at(30), 'error'])
    assert.equal(row('pipeline').attempts[0]!.message, 'tests failed')
    assert.deepEqual([row('pipeline.queued').start, row('pipeline.queued').end, row('pipeline.queued').status], [at(0), at(5), 'waiting'])
    assert.deepEqual([row('pipeline.build').start, row('pipeline.build').end, row('pipeline.build').status], [at(6), at(20), 'ok'])
    assert.equal(row('pipeline.unit_tests').status, 'error')
    assert.equal(row('pipeline.unit_tests.login').status, 'error')
    assert.equal(row('pipeline.unit_tests.login').attempts[0]!.message, 'expected 200, got 500')
    // finished without a start: kept at its time, an orphan
    assert.equal(row('pipeline.deploy').attempts[0]!.state, 'orphan')
    assert.equal(row('pipeline.deploy').attempts[0]!.end, at(27))
    assert.equal(row('pipeline.build').attempts[0]!.attrs['cdevents.subject'], 'tr-build')
  })

  test('other events are marks on their own subject\'s timeline', async () => {
    const e = ev('service.deployed.0.3.0', 'web', 40, { environment: { id: 'prod' }, artifactId: 'pkg:oci/web@v1' })
    assert.equal((await post(e)).status, 201)
    const messages = await store.messages('cdevents', 'web')
    assert.deepEqual(messages.map((m) => [m.kind, m.name]), [['mark', 'service.deployed']])
    assert.equal(messages[0]!.attrs!.artifactId, 'pkg:oci/web@v1')
  })
})
