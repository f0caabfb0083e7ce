// The facet's own keys of the collector's configuration: payloads_request_id_length (0: any length) and
// payloads_context, from upto.toml, UPTO__ variables or flags, honoured by the collector.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadCollectorConfiguration } from '../../src/config/collector-configuration.ts'
import { collectorOptions } from '../../src/commands/collector-options.ts'
import { sectionTypes } from '../../src/commands/section-types.ts'
import { startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { eventually } from '../server/udp-client.ts'

test('the keys come from the file, the environment and the flags, and are checked', async () => {
  const load = (env: Record<string, string>, flags: Record<string, unknown> = {}, file?: string) => loadCollectorConfiguration({
    env: { HOME: '/nonexistent', ...env }, flags: file === undefined ? flags : { ...flags, config: 'upto.toml' }, registry: sectionTypes,
    read: async () => file ?? '',
  })
  const fromFile = collectorOptions(await load({}, {}, 'payloads_request_id_length = 0\npayloads_context = "uploads"\n'))
  // this facet's keys (the other facets' defaults are there too)
  const own = Object.fromEntries(Object.entries(fromFile.facetSettings ?? {}).filter(([key]) => key.startsWith('payloads_')))
  assert.deepEqual(own, { payloads_context: 'uploads', payloads_request_id_length: 0 })
  const fromEnv = collectorOptions(await load({ UPTO__PAYLOADS_REQUEST_ID_LENGTH: '36' }))
  assert.equal(fromEnv.facetSettings?.payloads_request_id_length, 36)
  await assert.rejects(load({}, { payloadsRequestIdLength: '-1' }), /payloads-request-id-length "-1": expected a whole number of 0 or more/)
  await assert.rejects(load({}, {}, 'payloads_request_id_lenght = 3\n'), /payloads_request_id_length/)
})

test('a collector told so takes request_ids of any length, into the context it names', async () => {
  const collector = await startCollector({
    store: createMemoryStore(), port: 0, log: () => {}, facetSettings: { payloads_request_id_length: 0, payloads_context: 'uploads' },
  })
  try {
    const base = `http://127.0.0.1:${collector.httpPort}`
    const response = await fetch(`${base}/api/v1/payloads/status`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'ingress', request_id: 'short-1', status: 'received', date: '2021-08-04T11:45:26Z' }),
    })
    assert.deepEqual(await response.json(), { accepted: 1, refused: [] })
    const payload = await (await fetch(`${base}/api/v1/payloads/short-1`)).json() as any
    assert.equal(payload.data[0].request_id, 'short-1')
    assert.equal((await fetch(`${base}/api/contexts/uploads/short-1`)).status, 200)
    await eventually(async () => ((await (await fetch(`${base}/api/v1/payloads`)).json() as any).count === 1 ? true : undefined))
  } finally {
    await collector.close()
  }
})
