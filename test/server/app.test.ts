import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMemoryStore } from '../../src/store/memory.ts'
import { appFixture, bodyOf, ev } from './app-fixture.ts'

test('an unknown route answers 404 JSON naming the path', async () => {
  const res = await appFixture().get('/nowhere/else')
  assert.equal(res.status, 404)
  assert.deepEqual(await bodyOf(res), { error: 'not_found', message: 'no route for GET "/nowhere/else"' })
})

test('a failing handler answers 500 JSON and is logged, and the app goes on answering', async () => {
  const store = createMemoryStore()
  let broken = true
  const messages = store.messages.bind(store)
  store.messages = async (c, t) => {
    if (broken) throw new Error('index is gone')
    return messages(c, t)
  }
  const f = appFixture({ store })
  await f.post([ev('start', 'build', 'a', 0, { timeline: '1' })])
  const res = await f.get('/api/contexts/build/1')
  assert.equal(res.status, 500)
  assert.deepEqual(await bodyOf(res), { error: 'internal', message: 'internal error: index is gone' })
  assert.match(f.lines.join('\n'), /error GET \/api\/contexts\/build\/1 failed: Error: index is gone/)
  broken = false
  assert.equal((await f.get('/api/contexts/build/1')).status, 200)
})

test('/metrics answers the Prometheus text format', async () => {
  const res = await appFixture().get('/metrics')
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8')
  assert.match(await res.text(), /^# HELP upto_events_received_total /)
})
