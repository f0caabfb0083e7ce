import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildTimeline } from '../../src/core/timeline.ts'
import { appFixture, bodyOf, ev, t0 } from '../server/app-fixture.ts'

const iso = (ms: number) => new Date(t0 + ms).toISOString()

/** build/b1: compile on two hosts, test with a retry, deploy still running. */
async function withBuild() {
  const f = appFixture()
  f.at(t0)
  const res = await f.post([
    ev('new', 'build', '', 0, { timeline: 'b1' }),
    ev('start', 'build', 'compile.cc', 0, { host: 'h1' }),
    ev('start', 'build', 'compile.cc', 100, { host: 'h2' }),
    ev('end', 'build', 'compile.cc', 1_000, { host: 'h1' }),
    ev('end', 'build', 'compile.cc', 1_500, { host: 'h2', status: 'ok', message: 'done', attrs: { files: '12' } }),
    ev('start', 'build', 'test', 2_000),
    ev('end', 'build', 'test', 3_000, { status: 'error' }),
    ev('start', 'build', 'test', 3_500),
    ev('end', 'build', 'test', 4_000),
    ev('start', 'build', 'deploy', 4_000),
  ])
  assert.equal(res.status, 200)
  f.at(t0 + 10_000)
  return f
}

describe('GET /api/', () => {
  test('links to the contexts, as the original upto, in HAL JSON', async () => {
    const f = appFixture()
    for (const path of ['/api/', '/api']) {
      const res = await f.get(path)
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'application/hal+json; charset=utf-8')
      assert.deepEqual(await bodyOf(res), { _links: { self: { href: '/api/' }, contexts: { href: '/api/contexts' } } })
    }
  })
})

describe('GET /api/contexts', () => {
  test('lists no context in an empty store', async () => {
    assert.deepEqual(await appFixture().json('/api/contexts'), {
      _links: { self: { href: '/api/contexts' }, items: [] },
      contexts: [],
    })
  })

  test('links every context and sums up its newest timeline', async () => {
    const f = await withBuild()
    await f.post([ev('mark', 'deploy web/eu', 'shipped', 0)])
    const body = await f.json('/api/contexts')
    assert.deepEqual(body._links.items, [{ href: '/api/contexts/build' }, { href: '/api/contexts/deploy%20web%2Feu' }])
    assert.deepEqual(body.contexts.map((c: any) => [c.name, c.timelines, c.newest.id, c.newest.status]), [
      ['build', 1, 'b1', 'running'],
      ['deploy web/eu', 1, body.contexts[1].newest.id, 'ok'],
    ])
    assert.equal(body.contexts[0].newest.events, 4)
    assert.equal(body.contexts[0].newest.duration, 10_000)
  })
})

describe('GET /api/contexts/:context', () => {
  test('names the context and links its latest timeline and items, with summaries newest first', async () => {
    const f = await withBuild()
    await f.post([ev('new', 'build', '', 0, { timeline: 'b2' })])
    const res = await f.get('/api/contexts/build')
    assert.equal(res.status, 200)
    const body = await bodyOf(res)
    assert.equal(body.Name, 'build')
    assert.deepEqual(body._links.self, { href: '/api/contexts/build' })
    assert.deepEqual(body._links.latest, { href: '/api/contexts/build/b2' })
    assert.deepEqual(body._links.items, [{ href: '/api/contexts/build/b2' }, { href: '/api/contexts/build/b1' }])
    assert.equal(body._links.next, undefined)
    assert.deepEqual(body.timelines.map((t: any) => [t.id, t.status]), [['b2', 'empty'], ['b1', 'running']])
  })

  test('pages with limit and before, and links the next page', async () => {
    const f = appFixture()
    for (let i = 1; i <= 5; i++) {
      f.at(t0 + i)
      await f.post([ev('new', 'ci', '', 0, { timeline: `r${i}` })])
    }
    const first = await f.json('/api/contexts/ci?limit=2')
    assert.deepEqual(first.timelines.map((t: any) => t.id), ['r5', 'r4'])
    assert.deepEqual(first._links.next, { href: '/api/contexts/ci?limit=2&before=r4' })
    const second = await f.json(first._links.next.href)
    assert.deepEqual(second.timelines.map((t: any) => t.id), ['r3', 'r2'])
    const last = await f.json(second._links.next.href)
    assert.deepEqual(last.timelines.map((t: any) => t.id), ['r1'])
    assert.equal(last._links.next, undefined)
    assert.deepEqual(last._links.latest, { href: '/api/contexts/ci/r5' })
  })

  test('answers 400 to a limit that is not a whole number from 1 to 1000', async () => {
    const f = await withBuild()
    for (const limit of ['0', 'abc', '1.5', '1001', '']) {
      const res = await f.get(`/api/contexts/build?limit=${limit}`)
      assert.equal(res.status, 400, limit)
      assert.deepEqual(await bodyOf(res), {
        error: 'bad_request',
        message: `invalid limit "${limit}": expected a whole number from 1 to 1000`,
      })
    }
  })

  test('answers 404 naming an unknown context', async () => {
    const res = await appFixture().get('/api/contexts/nope')
    assert.equal(res.status, 404)
    assert.deepEqual(await bodyOf(res), { error: 'not_found', message: 'no context "nope"' })
  })
})

describe('GET /api/contexts/:context/:timeline', () => {
  test('answers the original fields, one Event per attempt of each row, with our extensions', async () => {
    const f = await withBuild()
    const res = await f.get('/api/contexts/build/b1')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    const body = await bodyOf(res)
    assert.deepEqual(body._links, {
      self: { href: '/api/contexts/build/b1' },
      context: { href: '/api/contexts/build' },
      gantt: { href: '/gantt/build/b1' },
    })
    assert.equal(body.Context, 'build')
    assert.equal(body.Id, 'b1')
    assert.equal(body.First, iso(0))
    assert.equal(body.Last, iso(4_000))
    assert.equal(body.running, true)
    const rows = body.Events.map((e: any) => [e.Name, e.Host, e.Start, e.End, e.status, e.attempt, e.attempts, e.kind])
    assert.deepEqual(rows, [
      ['compile', '', iso(0), iso(1_500), 'ok', 0, 0, 'implied'],
      ['compile.cc', 'h1', iso(0), iso(1_000), 'ok', 1, 1, 'span'],
      ['compile.cc', 'h2', iso(100), iso(1_500), 'ok', 1, 1, 'span'],
      ['test', '', iso(2_000), iso(3_000), 'error', 1, 2, 'span'],
      ['test', '', iso(3_500), iso(4_000), 'ok', 2, 2, 'span'],
      ['deploy', '', iso(4_000), null, 'running', 1, 1, 'span'],
    ])
    const h2 = body.Events[2]
    assert.deepEqual([h2.depth, h2.duration, h2.message, h2.attrs], [1, 1_400, 'done', { files: '12' }])
    assert.deepEqual(body.Events[0].children, ['compile.cc'])
    assert.equal(body.Events[5].duration, null)
  })

  test('carries the model exactly as buildTimeline returns it', async () => {
    const f = await withBuild()
    const body = await f.json('/api/contexts/build/b1')
    const info = await f.store.timeline('build', 'b1')
    assert.ok(info)
    const expected = JSON.parse(JSON.stringify(buildTimeline(info, await f.store.messages('build', 'b1'))))
    assert.deepEqual(body.model, expected)
  })

  test('takes latest as the newest timeline of the context', async () => {
    const f = await withBuild()
    await f.post([ev('start', 'build', 'x', 0, { timeline: 'b2' })])
    const body = await f.json('/api/contexts/build/latest')
    assert.equal(body.Id, 'b2')
    assert.deepEqual(body._links.self, { href: '/api/contexts/build/b2' })
  })

  test('finds contexts and timelines whose names need URL-encoding', async () => {
    const f = appFixture()
    await f.post([ev('start', 'deploy web/eu', 'a b', 0, { timeline: 'v1/2 ü' })])
    const body = await f.json('/api/contexts/deploy%20web%2Feu/v1%2F2%20%C3%BC')
    assert.equal(body.Context, 'deploy web/eu')
    assert.equal(body.Id, 'v1/2 ü')
    assert.equal(body._links.self.href, '/api/contexts/deploy%20web%2Feu/v1%2F2%20%C3%BC')
    assert.equal(body._links.gantt.href, '/gantt/deploy%20web%2Feu/v1%2F2%20%C3%BC')
  })

  test('answers 404 naming an unknown timeline or context', async () => {
    const f = await withBuild()
    const cases: Array<[string, string]> = [
      ['/api/contexts/build/7', 'no timeline "7" in context "build" (did you mean "b1"?)'],
      ['/api/contexts/x/7', 'no context "x"'],
      ['/api/contexts/x/latest', 'no context "x"'],
    ]
    for (const [path, message] of cases) {
      const res = await f.get(path)
      assert.equal(res.status, 404)
      assert.deepEqual(await bodyOf(res), { error: 'not_found', message })
    }
  })
})
