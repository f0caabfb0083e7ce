// Many contexts: the home page, /api/contexts and `upto ls` show 100 at a time by name, link the next page,
// and find contexts by name prefix.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { openLevelStore } from '../../src/store/level.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { appFixture, ev } from '../server/app-fixture.ts'

const names = Array.from({ length: 250 }, (_, i) => `${i % 2 === 0 ? 'build' : 'deploy'}-${String(i).padStart(3, '0')}`)
const events = names.map((n, i) => ev('mark', n, 'done', i, { timeline: '1' }))

async function seeded() {
  const f = appFixture()
  assert.equal((await f.post(events)).status, 200)
  return f
}

describe('GET /api/contexts', () => {
  test('answers 100 contexts by name, with a link to the next page, and every one over the pages', async () => {
    const f = await seeded()
    const seen: string[] = []
    let path = '/api/contexts'
    for (let pages = 0; pages < 5; pages++) {
      const answer = await f.json(path)
      seen.push(...answer.contexts.map((c: { name: string }) => c.name))
      assert.ok(answer.contexts.length <= 100)
      if (answer._links.next === undefined) break
      assert.equal(answer.next, answer.contexts.at(-1).name)
      path = answer._links.next.href
    }
    assert.deepEqual(seen, [...names].sort())
    assert.equal((await f.json('/api/contexts')).contexts.length, 100)
    assert.equal((await f.json('/api/contexts')).contexts[0].newest.id, '1')
  })

  test('takes ?limit=, ?after= and ?prefix=, and says what it expected of a bad limit', async () => {
    const f = await seeded()
    const answer = await f.json('/api/contexts?prefix=deploy-1&limit=3&after=deploy-101')
    assert.deepEqual(answer.contexts.map((c: { name: string }) => c.name), ['deploy-103', 'deploy-105', 'deploy-107'])
    assert.equal(answer._links.next.href, '/api/contexts?limit=3&prefix=deploy-1&after=deploy-107')
    const bad = await f.get('/api/contexts?limit=0')
    assert.equal(bad.status, 400)
    assert.match(((await bad.json()) as { message: string }).message, /invalid limit "0": expected a whole number from 1 to 1000/)
  })
})

describe('GET / with many contexts', () => {
  test('shows the first 100 by name, links the next page, and has a search by name prefix', async () => {
    const f = await seeded()
    const first = await f.get('/').then((r) => r.text())
    const shown = [...first.matchAll(/<td class="name"><a href="\/c\/([^"/]+)">/g)].map((m) => m[1])
    assert.equal(shown.length, 100)
    assert.deepEqual(shown, [...names].sort().slice(0, 100))
    assert.match(first, /<a href="\/\?after=build-198">next →<\/a>/)
    assert.match(first, /<form class="search" method="get" action="\/"><input type="search" name="prefix" value=""/)
    const second = await f.get('/?after=build-198').then((r) => r.text())
    assert.match(second, /<a href="\/">← first<\/a>/)
    const found = await f.get('/?prefix=build-24').then((r) => r.text())
    // all of them on one page: the most recent first, as on a collector with few contexts
    assert.deepEqual([...found.matchAll(/<td class="name"><a href="\/c\/([^"/]+)">/g)].map((m) => m[1]), ['build-248', 'build-246', 'build-244', 'build-242', 'build-240'])
    assert.match(found, /name="prefix" value="build-24"/)
    assert.match(await f.get('/?prefix=nothing').then((r) => r.text()), /No context starts with nothing\./)
  })
})

describe('upto ls with many contexts', () => {
  test('lists 100 by name, says how to get the next page, and finds them by --prefix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'upto-ls-pages-'))
    try {
      const data = join(dir, 'data')
      const store = await openLevelStore(data)
      await store.append(names.map((n) => ({ kind: 'mark', context: n, timeline: '1', name: 'done', host: '', time: 1, received: 1 })), names.map((n) => ({ context: n, id: '1', created: 1 })))
      await store.close()
      const ls = async (...args: string[]) => {
        const io = captureIo(['ls', '--data', data, ...args])
        assert.equal(await run(io), 0, io.stderr)
        return io
      }
      const page = await ls('--json')
      assert.deepEqual(JSON.parse(page.stdout).map((c: { name: string }) => c.name), [...names].sort().slice(0, 100))
      assert.equal(page.stderr, 'more contexts: upto ls --after build-198\n')
      const next = await ls('--json', '--after', 'build-198', '--limit', '2')
      assert.deepEqual(JSON.parse(next.stdout).map((c: { name: string }) => c.name), ['build-200', 'build-202'])
      const found = await ls('--prefix', 'build-24')
      assert.deepEqual(found.stdout.split('\n').filter((l) => /build-24\d/.test(l)).length, 5)
      assert.equal(found.stderr, '')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
