// A browser that asks for a page that is not there, or with a bad value, gets an HTML page: what was asked,
// what was wrong, the closest names as links, the way back. The API and clients that do not ask for HTML keep
// the JSON error.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { assertBalanced } from '../render/markup.ts'
import { bodyOf, ev } from '../server/app-fixture.ts'
import { type LiveFixture, liveFixture } from '../server/live-fixture.ts'

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }

async function seeded(): Promise<LiveFixture> {
  const f = liveFixture()
  for (const timeline of ['d1', 'd2']) {
    await f.post([ev('start', 'deploy', 'db.migrate', 0, { timeline }), ev('end', 'deploy', 'db.migrate', 2_000, { timeline })])
  }
  await f.post([ev('start', 'build', 'compile', 0, { timeline: 'b1' }), ev('end', 'build', 'compile', 1_000, { timeline: 'b1' })])
  return f
}

async function page(f: LiveFixture, path: string, status: number): Promise<string> {
  const res = await f.get(path, BROWSER)
  assert.equal(res.status, status, path)
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8', path)
  const html = await res.text()
  assertBalanced(html)
  return html
}

/** The links of a list on the page: [href, text]. */
function links(html: string, list: string): string[][] {
  const ul = new RegExp(`<ul class="${list}">(.*?)</ul>`).exec(html)?.[1] ?? ''
  return [...ul.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1]!, m[2]!])
}

describe('the HTML page of a 404', () => {
  test('of a context says what was asked, and links to the closest context at the same address', async () => {
    const f = await seeded()
    const html = await page(f, '/c/deplyo/latest', 404)
    assert.match(html, /<h1>404 · Not found<\/h1>/)
    assert.match(html, /You asked for <code>\/c\/deplyo\/latest<\/code>/)
    assert.match(html, /no context &quot;deplyo&quot; \(did you mean &quot;deploy&quot;\?\)/)
    assert.deepEqual(links(html, 'suggestions'), [['/c/deploy/latest', 'deploy']])
    assert.deepEqual(links(html, 'back'), [['/', 'every context']])
  })

  test('of a run links to the closest runs, and back to the runs of its context', async () => {
    const f = await seeded()
    const html = await page(f, '/c/deploy/d9', 404)
    assert.deepEqual(links(html, 'suggestions'), [['/c/deploy/d1', 'd1'], ['/c/deploy/d2', 'd2']])
    assert.deepEqual(links(html, 'back'), [['/c/deploy', 'the runs of deploy'], ['/', 'every context']])
    assert.deepEqual(links(await page(f, '/c/deploy/d9.svg', 404), 'suggestions')[0], ['/c/deploy/d1.svg', 'd1'])
    assert.deepEqual(links(await page(f, '/c/buidl', 404), 'suggestions'), [['/c/build', 'build']])
  })

  test('of the history and compare pages links to the closest context and run', async () => {
    const f = await seeded()
    assert.deepEqual(links(await page(f, '/history/deplo', 404), 'suggestions'), [['/history/deploy', 'deploy']])
    assert.deepEqual(links(await page(f, '/compare/deploy?a=d3', 404), 'suggestions'), [['/compare/deploy?a=d1', 'd1'], ['/compare/deploy?a=d2', 'd2']])
  })

  test('of an unknown address names it and links home', async () => {
    const f = await seeded()
    const html = await page(f, '/nowhere/else', 404)
    assert.match(html, /no route for GET &quot;\/nowhere\/else&quot;/)
    assert.deepEqual(links(html, 'suggestions'), [])
    assert.deepEqual(links(html, 'back'), [['/', 'every context']])
  })

  test('shows what was asked as text, never as markup', async () => {
    const f = await seeded()
    const html = await page(f, `/c/${encodeURIComponent('<script>alert(1)</script>')}/latest`, 404)
    assert.ok(!html.includes('<script>alert'), 'no script from the address')
    assert.match(html, /<code>\/c\/&lt;script&gt;alert\(1\)&lt;\/script&gt;\/latest<\/code>/)
  })
})

describe('the HTML page of a 400', () => {
  test('of a bad value links to the closest value and to the page without it', async () => {
    const f = await seeded()
    const html = await page(f, '/c/deploy/d1?format=sgv', 400)
    assert.match(html, /<h1>400 · Bad request<\/h1>/)
    assert.match(html, /invalid format &quot;sgv&quot;: expected html, text, svg/)
    assert.deepEqual(links(html, 'suggestions'), [['/c/deploy/d1?format=svg', 'svg']])
    assert.deepEqual(links(html, 'back')[0], ['/c/deploy/d1', 'the same page without format='])
  })

  test('of a bad number links to the page without it, keeping the other values', async () => {
    const f = await seeded()
    const html = await page(f, '/c/deploy?limit=many&before=d2', 400)
    assert.match(html, /invalid limit &quot;many&quot;/)
    assert.deepEqual(links(html, 'back')[0], ['/c/deploy?before=d2', 'the same page without limit='])
    assert.deepEqual(links(await page(f, '/history/deploy?limit=0', 400), 'back')[0], ['/history/deploy', 'the same page without limit='])
  })
})

describe('errors stay JSON', () => {
  test('for the API, even when HTML is asked for', async () => {
    const f = await seeded()
    const res = await f.get('/api/contexts/deplyo', BROWSER)
    assert.equal(res.status, 404)
    assert.deepEqual(await bodyOf(res), { error: 'not_found', message: 'no context "deplyo" (did you mean "deploy"?)' })
  })

  test('for a client that does not ask for HTML, or refuses it', async () => {
    const f = await seeded()
    const cases: Record<string, string>[] = [{}, { accept: '*/*' }, { accept: 'application/json' }, { accept: 'text/html;q=0, */*' }]
    for (const headers of cases) {
      const res = await f.get('/c/deploy/d9', headers)
      assert.equal(res.status, 404)
      assert.equal((await bodyOf(res)).error, 'not_found', JSON.stringify(headers))
    }
  })
})
