import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { appFixture, bodyOf, ev, t0 } from '../server/app-fixture.ts'

async function withDeploy() {
  const f = appFixture()
  await f.post([
    ev('start', 'deploy', 'db.migrate', 0, { timeline: 'd1' }),
    ev('end', 'deploy', 'db.migrate', 2_000),
    ev('start', 'deploy', '<script>alert(1)</script>', 500),
  ])
  f.at(t0 + 5_000)
  return f
}

describe('GET /gantt/:context/:timeline', () => {
  test('answers the HTML page linking the JSON and the text chart', async () => {
    const f = await withDeploy()
    const res = await f.get('/gantt/deploy/d1')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/i)
    const html = await res.text()
    assert.ok(html.includes('/api/contexts/deploy/d1'))
    assert.ok(html.includes('/gantt/deploy/d1?format=text'))
    assert.ok(html.includes('db.migrate'))
  })

  test('escapes an event name that looks like a script', async () => {
    const html = await (await (await withDeploy()).get('/gantt/deploy/d1')).text()
    assert.ok(!html.includes('<script>alert(1)</script>'))
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
  })

  test('answers the terminal chart in plain text, without escape codes, when the client prefers text/plain', async () => {
    const f = await withDeploy()
    for (const [path, headers] of [['/gantt/deploy/d1', { accept: 'text/plain' }], ['/gantt/deploy/latest?format=text', {}]] as const) {
      const res = await f.get(path, headers)
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8')
      const text = await res.text()
      assert.ok(text.includes('migrate'), text)
      assert.ok(!text.includes('\u001b'), 'no escape codes')
      assert.ok(text.endsWith('\n'))
    }
  })

  test('takes the text width from ?width=, clamped from 40 to 400 columns', async () => {
    const f = await withDeploy()
    const text = async (width: string) => (await f.get(`/gantt/deploy/d1?format=text&width=${width}`)).text()
    const narrow = await text('40')
    assert.equal(await text('10'), narrow)
    assert.equal(await text('4000'), await text('400'))
    assert.notEqual(narrow, await text('100'))
    assert.equal(await text('100'), await (await f.get('/gantt/deploy/d1?format=text')).text())
  })

  test('answers the SVG alone with ?format=svg', async () => {
    const res = await (await withDeploy()).get('/gantt/deploy/d1?format=svg')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'image/svg+xml; charset=utf-8')
    assert.match(await res.text(), /^(<\?xml[^>]*>\s*)?<svg/)
  })

  test('answers 400 to an unknown format or a width that is not a number', async () => {
    const f = await withDeploy()
    const bad = await f.get('/gantt/deploy/d1?format=pdf')
    assert.equal(bad.status, 400)
    assert.deepEqual(await bodyOf(bad), { error: 'bad_request', message: 'invalid format "pdf": expected html, text, svg' })
    const width = await f.get('/gantt/deploy/d1?format=text&width=wide')
    assert.equal(width.status, 400)
    assert.match((await bodyOf(width)).message, /^invalid width "wide": expected a number of columns from 40 to 400$/)
  })

  test('answers 404 naming an unknown timeline', async () => {
    const res = await (await withDeploy()).get('/gantt/deploy/9')
    assert.equal(res.status, 404)
    assert.deepEqual(await bodyOf(res), { error: 'not_found', message: 'no timeline "9" in context "deploy" (did you mean "d1"?)' })
  })
})
