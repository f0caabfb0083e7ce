import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { assertBalanced } from '../render/markup.ts'
import { bodyOf, ev, t0 } from '../server/app-fixture.ts'
import { type LiveFixture, liveFixture } from '../server/live-fixture.ts'

const EVIL = '<script>alert(1)</script>'

/** Two deploys (the newest running, with a step named like a script) and a build. */
async function seeded(): Promise<LiveFixture> {
  const f = liveFixture()
  await f.post([
    ev('start', 'deploy', 'db.migrate', 0, { timeline: 'd1', host: 'db-1' }),
    ev('end', 'deploy', 'db.migrate', 2_000, { timeline: 'd1', host: 'db-1', status: 'error', message: 'lock <timeout>' }),
  ])
  await f.post([
    ev('start', 'deploy', 'db.migrate', 60_000, { timeline: 'd2', host: 'db-1' }),
    ev('end', 'deploy', 'db.migrate', 61_000, { timeline: 'd2', host: 'db-1' }),
    ev('start', 'deploy', EVIL, 61_500, { timeline: 'd2', host: '"h&<i>', attrs: { '<k>': '<v>' } }),
  ])
  await f.post([ev('start', 'build', 'compile', 30_000, { timeline: 'b1' }), ev('end', 'build', 'compile', 40_000, { timeline: 'b1' })])
  f.at(t0 + 65_000)
  return f
}

function assertHtml(res: Response): void {
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8')
}

describe('GET /', () => {
  test('lists every context, the one with the newest run first, with its status, start, duration and recent durations', async () => {
    const f = await seeded()
    const res = await f.get('/')
    assertHtml(res)
    const html = await res.text()
    assertBalanced(html)
    const contexts = [...html.matchAll(/<tr><td class="name"><a href="\/c\/([^"]+)">/g)].map((m) => m[1])
    assert.deepEqual(contexts, ['deploy', 'build'])
    assert.match(html, /<a href="\/c\/deploy\/d2">d2<\/a><\/td><td><span class="status-running">running…<\/span><\/td><td class="opt"><time[^>]*>5s ago<\/time><\/td><td class="num">5\.00s<\/td>/)
    assert.equal((html.match(/<svg class="spark"/g) ?? []).length, 2)
    assert.match(html, /<rect [^>]*><title>d1 · 2\.00s · error<\/title><\/rect>/)
    assert.match(html, /<script src="\/assets\/upto\.js" defer><\/script>/)
    assert.match(html, /<main id="live" data-changes="\/api\/changes" data-fragment="\/\?part=main">/)
  })

  test('answers just the table with ?part=main, for the script to swap in', async () => {
    const html = await (await seeded()).text('/?part=main')
    assert.match(html, /^<table>/)
    assert.doesNotMatch(html, /<html|<head/)
  })

  test('tells a newcomer how to send a first event when there is none', async () => {
    const html = await liveFixture().text('/')
    assert.match(html, /No contexts yet\. Send a step with <code>upto start deploy build<\/code>.*<code>upto demo<\/code>/)
  })

  test('answers 400 to an unknown part', async () => {
    const res = await liveFixture().get('/?part=everything')
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { error: 'bad_request', message: 'invalid part "everything": expected main' })
  })
})

describe('GET /c/:context', () => {
  test("lists the context's runs newest first, with start, duration, status, events and errors", async () => {
    const f = await seeded()
    const res = await f.get('/c/deploy')
    assertHtml(res)
    const html = await res.text()
    assertBalanced(html)
    const runs = [...html.matchAll(/<tr><td class="name"><a href="(\/c\/deploy\/[^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])
    assert.deepEqual(runs, [['/c/deploy/d2', 'd2'], ['/c/deploy/d1', 'd1']])
    assert.match(html, /d1<\/a><\/td><td><time[^>]*>1m ago<\/time><\/td><td class="num">2\.00s<\/td><td><svg[^>]*><rect[^>]*\/><\/svg><\/td><td><span class="status-error">error ✗<\/span> <span class="status-error">1 failed \([^)]+\)<\/span><\/td><td class="num opt">1<\/td><\/tr>/)
    assert.match(html, /<nav class="crumbs"><a href="\/">upto<\/a> \/ deploy<\/nav>/)
  })

  test('pages with ?limit= and ?before=, linking the older page and back to the newest', async () => {
    const f = await seeded()
    const first = await f.text('/c/deploy?limit=1')
    assert.match(first, /<a href="\/c\/deploy\/d2">/)
    assert.doesNotMatch(first, /<a href="\/c\/deploy\/d1">/)
    assert.match(first, /<nav class="pager"><a href="\/c\/deploy\?limit=1&amp;before=d2">older →<\/a><\/nav>/)
    const older = await f.text('/c/deploy?limit=1&before=d2')
    assert.match(older, /<a href="\/c\/deploy\/d1">/)
    assert.match(older, /<nav class="pager"><a href="\/c\/deploy">← newest<\/a><\/nav>/)
  })

  test('answers 404 naming an unknown context, and 400 to a bad limit', async () => {
    const f = await seeded()
    const missing = await f.get('/c/nope')
    assert.equal(missing.status, 404)
    assert.deepEqual(await missing.json(), { error: 'not_found', message: 'no context "nope"' })
    const bad = await f.get('/c/deploy?limit=0')
    assert.equal(bad.status, 400)
    assert.match((await bodyOf(bad)).message, /^invalid limit "0": expected a whole number from 1 to 1000$/)
  })
})

describe('GET /c/:context/:timeline', () => {
  test('answers the Gantt page with the chart, links to JSON, text and SVG, and the live wiring', async () => {
    const f = await seeded()
    const res = await f.get('/c/deploy/d1')
    assertHtml(res)
    const html = await res.text()
    assertBalanced(html)
    assert.match(html, /<title>deploy \/ d1 · upto<\/title>/)
    for (const link of ['/api/contexts/deploy/d1', '/c/deploy/d1?format=text', '/c/deploy/d1.svg', '/c/deploy']) {
      assert.ok(html.includes(`href="${link}"`), link)
    }
    assert.match(html, /<section id="chart" data-fragment="\/c\/deploy\/d1\?part=chart" data-changes="\/api\/changes\?context=deploy" data-context="deploy" data-timeline="d1">/)
    assert.match(html, /<g class="row" data-name="db\.migrate" data-host="db-1"/)
    assert.match(html, /data-status="error" data-attempt="1" data-message="lock &lt;timeout&gt;"/)
    assert.doesNotMatch(html, /<rect class="bar[^>]*><title>/, 'tooltips come from the script, not a title per bar')
  })

  test('sends the head of the page before the timeline is read and drawn', async () => {
    const res = await (await seeded()).get('/c/deploy/d1')
    assert.equal(res.headers.get('transfer-encoding'), 'chunked')
    const reader = res.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    assert.match(first, /<script src="\/assets\/upto\.js" defer><\/script>[\s\S]*<section id="chart"[^>]*>\n$/)
    assert.doesNotMatch(first, /<svg/)
    let rest = ''
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value)
    assert.match(rest, /^<p class="summary">[\s\S]*<\/svg><\/div>\n<\/section>\n<div id="tip"[\s\S]*<\/html>\n$/)
  })

  test('shows the newest run for latest, and says it follows the next one', async () => {
    const html = await (await seeded()).text('/c/deploy/latest')
    assert.match(html, /<h1>deploy <span class="id">\/ d2<\/span><\/h1>/)
    assert.match(html, /data-timeline="d2" data-latest=""/)
    assert.match(html, /\(newest, follows the next run\)/)
    assert.match(html, /data-fragment="\/c\/deploy\/d2\?part=chart"/)
  })

  test('answers the summary and chart alone with ?part=chart', async () => {
    const res = await (await seeded()).get('/c/deploy/d2?part=chart')
    assertHtml(res)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    const html = await res.text()
    assertBalanced(html)
    assert.match(html, /^<p class="summary">started <time/)
    assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="upto-gantt"[^>]* data-running=""/)
    assert.doesNotMatch(html, /<html|<section/)
  })

  test('answers the standalone SVG, with a title on every bar, at .svg', async () => {
    const res = await (await seeded()).get('/c/deploy/d1.svg')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'image/svg+xml; charset=utf-8')
    const svg = await res.text()
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    assert.match(svg, /<rect class="bar done t-error"[^>]*><title>db\.migrate @ db-1\n/)
  })

  test('answers the terminal chart as plain text when asked', async () => {
    const f = await seeded()
    for (const [path, headers] of [['/c/deploy/d1?format=text', {}], ['/c/deploy/d1', { accept: 'text/plain' }]] as const) {
      const res = await f.get(path, headers)
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8')
      assert.match(await res.text(), /migrate @db-1/)
    }
  })

  test('answers 404 naming what is missing, and 400 to an unknown part', async () => {
    const f = await seeded()
    const cases: Array<[string, number, string]> = [
      ['/c/deploy/d9', 404, 'no timeline "d9" in context "deploy" (did you mean "d1" or "d2"?)'],
      ['/c/deploy/d9.svg', 404, 'no timeline "d9" in context "deploy" (did you mean "d1" or "d2"?)'],
      ['/c/nope/latest', 404, 'no context "nope"'],
      ['/c/deploy/d1?part=all', 400, 'invalid part "all": expected chart'],
    ]
    for (const [path, status, message] of cases) {
      const res = await f.get(path)
      assert.equal(res.status, status, path)
      assert.equal((await bodyOf(res)).message, message)
    }
  })
})

describe('every page escapes what events say', () => {
  test('a step named like a script, a host and attrs with markup are shown as text only', async () => {
    const f = await seeded()
    for (const path of ['/c/deploy/d2', '/c/deploy/d2?part=chart', '/c/deploy/d2.svg', '/gantt/deploy/d2', '/c/deploy', '/']) {
      const body = await f.text(path)
      assert.ok(!body.includes(EVIL) && !body.includes('<i>') && !body.includes('<k>') && !body.includes('<v>'), path)
      if (path.includes('d2')) {
        assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), path)
        assert.ok(body.includes('data-host="&quot;h&amp;&lt;i&gt;"'), path)
      }
    }
  })

  test('a context and a timeline id with markup stay text in titles, links and attributes', async () => {
    const f = liveFixture()
    await f.post([ev('start', '<b>ctx', 'step', 0, { timeline: '"><img src=x>' })])
    for (const path of ['/', `/c/${encodeURIComponent('<b>ctx')}`, `/c/${encodeURIComponent('<b>ctx')}/latest`]) {
      const html = await f.text(path)
      assertBalanced(html)
      assert.ok(!html.includes('<b>ctx') && !html.includes('<img'), path)
    }
  })
})

describe('GET /assets/upto.js', () => {
  test('answers the pages script with an ETag, and 304 when the browser has it', async () => {
    const f = liveFixture()
    const res = await f.get('/assets/upto.js')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8')
    const etag = res.headers.get('etag')
    assert.match(etag ?? '', /^"[\w-]{16}"$/)
    assert.ok((await res.text()).length > 1_000)
    const again = await f.get('/assets/upto.js', { 'if-none-match': etag ?? '' })
    assert.equal(again.status, 304)
  })

  test('serves nothing else from /assets/', async () => {
    const f = liveFixture()
    for (const path of ['/assets/../package.json', '/assets/upto.ts', '/assets/%2e%2e/src/web/main.ts']) {
      assert.equal((await f.get(path)).status, 404, path)
    }
  })
})
