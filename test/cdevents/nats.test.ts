// CDEvents from NATS JetStream (`[sources.NAME] type = "nats"`, `format = "cdevents"`) against the real server:
// plain CDEvents and CloudEvents in binary mode (ce-* headers), a resent one kept once, a bad one terminated.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream'
import { connect, headers, type NatsConnection } from '@nats-io/transport-node'
import { startCollector } from '../../src/server/collector.ts'
import { cdeventLake } from '../../src/facets/cdevents/store.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { describeWithNats, findNats, freshNames } from '../sources/nats-server.ts'
import { eventually } from '../server/udp-client.ts'
import { fixture } from './fixtures.ts'

const found = await findNats()

describeWithNats('CDEvents from NATS', found, (url) => {
  let nc: NatsConnection
  let js: JetStreamClient
  before(async () => {
    nc = await connect({ servers: url })
    js = jetstream(nc)
  })
  after(() => nc.drain())

  test('plain and binary CloudEvents taken, a resend kept once, a bad message terminated and counted', async () => {
    const { stream, subject } = freshNames()
    const store = createMemoryStore()
    const collector = await startCollector({
      store, port: 0, log: () => {},
      sources: [{ name: 'broker', type: 'nats', enabled: true, format: 'cdevents', options: { url, subject, stream, durable: `${stream}-d`, ack_wait: '1s', batch: 50, max_ack_pending: 100, retry_delay: '1s' } }],
    })
    try {
      const plain = fixture('v0.4.1', 'pipelinerun_started.json')
      await js.publish(subject, JSON.stringify(plain))
      await js.publish(subject, JSON.stringify(plain))
      const binary = fixture('v0.5.1', 'taskrun_finished.json')
      const h = headers()
      h.set('content-type', 'application/json')
      h.set('ce-specversion', '1.0')
      h.set('ce-id', 'nats-1')
      h.set('ce-source', '/tekton')
      h.set('ce-type', binary.context.type)
      await js.publish(subject, JSON.stringify(binary), { headers: h })
      await js.publish(subject, '{"not": "a cdevent"}')
      const lake = cdeventLake(store.state('cdevents'))
      await eventually(async () => ((await lake.history(['pipelinerun', 'taskrun'])).length === 2 ? true : undefined), 15_000)
      const metrics = async () => (await fetch(`http://127.0.0.1:${collector.httpPort}/metrics`)).text()
      await eventually(async () => (/upto_cdevents_total\{reason="not_a_cdevent"\} 1/.test(await metrics()) ? true : undefined), 15_000)
      const text = await metrics()
      assert.match(text, /upto_cdevents_total\{reason="accepted"\} 2/)
      assert.match(text, /upto_cdevents_total\{reason="duplicate"\} 1/)
      assert.ok((await store.contexts()).some((c) => c.name === 'myPipeline'))
    } finally {
      await collector.close()
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false)
    }
  })
})
