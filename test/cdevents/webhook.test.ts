// Named webhooks (`[sources.NAME] type = "webhook"`, format cdevents) on a real collector: every answer of
// cdviz-collector's — 201, 400 bad JSON and not a CDEvent, 401 missing header and bad signature, 403 wrong
// value, 404 unknown webhook, 413 over the body limit — as problem+JSON; signatures hex and base64, with a prefix.

import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { StateStore, Store } from '../../src/store/types.ts'
import { cdeventLake } from '../../src/facets/cdevents/store.ts'
import { readWebhookOptions } from '../../src/sources/webhook/settings.ts'
import { fixture } from './fixtures.ts'

let collector: Collector
let store: Store
let base: string

before(async () => {
  store = createMemoryStore()
  collector = await startCollector({
    store, port: 0, log: () => {},
    sources: [
      {
        name: 'github', type: 'webhook', enabled: true, format: 'cdevents',
        options: { id: '000-github', header_equals: ['x-github-event=push'], signature_header: 'X-Hub-Signature-256', signature_secret: 's3cret', signature_prefix: 'sha256=', max_body: 4096 },
      },
      {
        name: 'gitlab', type: 'webhook', enabled: true, format: 'cdevents',
        options: { header_exists: ['x-gitlab-token'], header_matches: ['x-gitlab-event=^(Push|Tag) Hook$'], signature_header: 'x-signature', signature_secret: 'other', signature_encoding: 'base64' },
      },
    ],
  })
  base = `http://127.0.0.1:${collector.httpPort}`
})
after(() => collector.close())

const hmac = (secret: string, body: string, encoding: 'hex' | 'base64') => createHmac('sha256', secret).update(body).digest(encoding)
const send = (id: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}/webhook/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
const github = (body: string, headers: Record<string, string> = {}) =>
  send('000-github', body, { 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${hmac('s3cret', body, 'hex')}`, ...headers })

async function problemOf(response: Response, status: number): Promise<any> {
  assert.equal(response.status, status)
  assert.equal(response.headers.get('content-type'), 'application/problem+json')
  const body = await response.json() as any
  assert.equal(body.status, status)
  assert.equal(typeof body.title, 'string')
  assert.equal(typeof body.detail, 'string')
  return body
}

describe('POST /webhook/:id', () => {
  test('201: a signed CDEvent is taken, its source the webhook\'s name when it has none', async () => {
    const e = fixture('v0.5.1', 'change_merged.json')
    e.context.id = 'hook-1'
    delete e.context.source
    const body = JSON.stringify(e)
    const response = await github(body)
    assert.equal(response.status, 201)
    assert.deepEqual(await response.json(), { accepted: 1, duplicates: 0, refused: [] })
    const again = await github(body)
    assert.deepEqual(await again.json(), { accepted: 0, duplicates: 1, refused: [] })
    const [message] = await store.messages('cdevents', 'mySubject123')
    assert.equal(message?.attrs?.['cdevents.source'], '/event/source/123', 'the subject keeps its own source')
    const [kept] = await cdeventLake((store as StateStore).state('cdevents')).history(['change'])
    assert.equal(kept?.event.context.source, 'github')
  })

  test('base64 signatures, exists and matches rules', async () => {
    const e = fixture('v0.4.1', 'build_queued.json')
    e.context.id = 'hook-2'
    const body = JSON.stringify(e)
    const ok = await send('gitlab', body, { 'x-gitlab-token': 't', 'x-gitlab-event': 'Push Hook', 'x-signature': hmac('other', body, 'base64') })
    assert.equal(ok.status, 201)
    const noToken = await problemOf(await send('gitlab', body, { 'x-gitlab-event': 'Push Hook', 'x-signature': hmac('other', body, 'base64') }), 401)
    assert.match(noToken.detail, /x-gitlab-token is missing/)
    const otherEvent = await problemOf(await send('gitlab', body, { 'x-gitlab-token': 't', 'x-gitlab-event': 'Issue Hook', 'x-signature': hmac('other', body, 'base64') }), 403)
    assert.match(otherEvent.detail, /x-gitlab-event does not match/)
  })

  test('401: a missing signature, a wrong one, one of another body, one without its prefix', async () => {
    const body = JSON.stringify(fixture('v0.5.1', 'build_started.json'))
    assert.match((await problemOf(await send('000-github', body, { 'x-github-event': 'push' }), 401)).detail, /x-hub-signature-256 is missing/)
    await problemOf(await github(body, { 'x-hub-signature-256': `sha256=${hmac('wrong', body, 'hex')}` }), 401)
    await problemOf(await github(body, { 'x-hub-signature-256': `sha256=${hmac('s3cret', `${body} `, 'hex')}` }), 401)
    await problemOf(await github(body, { 'x-hub-signature-256': hmac('s3cret', body, 'hex') }), 401)
    await problemOf(await github(body, { 'x-hub-signature-256': 'sha256=zz' }), 401)
  })

  test('403: a header with a wrong value', async () => {
    const body = JSON.stringify(fixture('v0.5.1', 'build_started.json'))
    assert.match((await problemOf(await github(body, { 'x-github-event': 'issues' }), 403)).detail, /x-github-event/)
  })

  test('400: bad JSON, or a body that is not a CDEvent', async () => {
    assert.match((await problemOf(await github('{"context":'), 400)).detail, /^malformed: /)
    const unknown = fixture('v0.5.1', 'build_started.json')
    unknown.context.type = 'dev.cdevents.nothing.happened.0.1.0'
    assert.match((await problemOf(await github(JSON.stringify(unknown)), 400)).detail, /^unknown_type: /)
    assert.match((await problemOf(await github('{"hello":"world"}'), 400)).detail, /^not_a_cdevent: /)
  })

  test('404: no webhook of that id', async () => {
    assert.match((await problemOf(await send('nothing', '{}', {}), 404)).detail, /no webhook "nothing"/)
  })

  test('413: over max_body, before its signature is looked at', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(5000) })
    await problemOf(await github(big), 413)
  })

  test('the settings are checked: a signature needs its secret, patterns must compile', () => {
    assert.throws(() => readWebhookOptions('w', { signature_header: 'x-sig' }), /signature_header and signature_secret go together/)
    assert.throws(() => readWebhookOptions('w', { header_matches: ['x-a=('] }), /not a regular expression/)
    assert.throws(() => readWebhookOptions('w', { header_equals: ['novalue'] }), /expected NAME=VALUE/)
    assert.throws(() => readWebhookOptions('w', { nope: 1 }), /unknown key "nope"/)
    assert.equal(readWebhookOptions('w', {}).id, 'w')
  })
})
