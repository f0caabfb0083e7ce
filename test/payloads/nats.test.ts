// Status messages from NATS JetStream (`[sources.NAME] type = "nats"`, `format = "payload-status"`), end to end
// against the real server: on the subject payload-tracker's producers publish on unless told otherwise, and a
// collector killed mid-stream loses nothing and doubles nothing once another takes the durable over.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { startCollectorProcess } from '../helpers/collector-process.ts'
import { describeWithNats, findNats, freshNames } from '../sources/nats-server.ts'
import { eventually } from '../server/udp-client.ts'

const found = await findNats()
const hex = (n: number) => n.toString(16).padStart(32, '0')

describeWithNats('payload status messages from NATS', found, (url) => {
  let nc: NatsConnection
  let js: JetStreamClient
  let jsm: JetStreamManager
  let dir: string
  before(async () => {
    nc = await connect({ servers: url })
    js = jetstream(nc)
    jsm = await jetstreamManager(nc)
    dir = await mkdtemp(join(tmpdir(), 'upto-payload-nats-'))
  })
  after(async () => {
    await nc.drain()
    await rm(dir, { recursive: true, force: true })
  })

  async function config(name: string, settings: string): Promise<string> {
    const file = join(dir, `${name}.toml`)
    await writeFile(file, `[sources.payloads]\ntype = "nats"\nformat = "payload-status"\nurl = "${url}"\nack_wait = "1s"\n${settings}`)
    return file
  }

  test('by default on platform.payload-status, through a durable of its own; a redelivered message counts once', async () => {
    const { stream } = freshNames()
    const file = await config('default', `stream = "${stream}"\n`)
    const collector = await startCollectorProcess(join(dir, 'default'), undefined, { args: ['--config', file] })
    try {
      await eventually(async () => (collector.log().includes('consuming platform.payload-status') ? true : undefined), 15_000)
      const message = { service: 'ingress', request_id: hex(1), status: 'received', date: '2021-08-04T11:45:26.371Z', account: 'a1' }
      await js.publish('platform.payload-status', JSON.stringify(message))
      // the same message again, as a producer retrying it would
      await js.publish('platform.payload-status', JSON.stringify(message))
      await js.publish('platform.payload-status', JSON.stringify([{ ...message, status: 'success', date: '2021-08-04T11:45:27.371Z' }, { service: 'x' }]))
      const base = `http://127.0.0.1:${collector.port}/api/v1`
      const answer = await eventually(async () => {
        const body = await (await fetch(`${base}/payloads/${hex(1)}`)).json() as any
        return body.data?.length === 2 ? body : undefined
      }, 15_000)
      assert.deepEqual(answer.data.map((s: any) => s.status), ['received', 'success'])
      assert.equal(answer.duration['ingress:undefined'], '00:00:01.000000')
      const listed = await eventually(async () => {
        const body = await (await fetch(`${base}/payloads?account=a1`)).json() as any
        return body.count === 1 ? body : undefined
      })
      assert.equal(listed.data[0].request_id, hex(1))
      const metrics = await (await fetch(`http://127.0.0.1:${collector.port}/metrics`)).text()
      assert.match(metrics, /upto_events_refused_total\{transport="payloads",reason="bad_timeline"\} 1/)
      assert.equal((await jsm.consumers.info(stream, 'upto-payload-status')).num_pending, 0)
    } finally {
      await collector.stop()
      await jsm.streams.delete(stream).catch(() => {})
    }
  })

  test('a collector killed mid-stream: the next on the same durable and folder stores the rest, nothing doubled', async () => {
    const { stream, subject } = freshNames()
    const file = await config('kill', `stream = "${stream}"\nsubject = "${subject}"\nbatch = 5\n`)
    const data = join(dir, 'kill')
    const payloads = 150
    const first = await startCollectorProcess(data, undefined, { args: ['--config', file] })
    await eventually(async () => (first.log().includes(`consuming ${subject}`) ? true : undefined), 15_000)
    for (let n = 0; n < payloads; n++) {
      const at = (s: number) => new Date(Date.UTC(2021, 7, 4, 11, 0, s)).toISOString()
      await js.publish(subject, JSON.stringify([
        { service: 'ingress', request_id: hex(n), status: 'received', date: at(0), inventory_id: `inv-${n}` },
        { service: 'ingress', request_id: hex(n), status: 'success', date: at(1) },
      ]))
    }
    // some stored, the rest not yet
    const base1 = `http://127.0.0.1:${first.port}/api/v1`
    await eventually(async () => (((await (await fetch(`${base1}/statuses`)).json()) as any).count > 0 ? true : undefined), 15_000)
    assert.equal(await first.stop('SIGKILL'), 'SIGKILL')
    const second = await startCollectorProcess(data, undefined, { args: ['--config', file] })
    try {
      const base = `http://127.0.0.1:${second.port}/api/v1`
      await eventually(async () => {
        const info = await jsm.consumers.info(stream, 'upto-payload-status')
        return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined
      }, 30_000)
      const listed = await eventually(async () => {
        const body = await (await fetch(`${base}/payloads?page_size=1000`)).json() as any
        return body.count === payloads ? body : undefined
      }, 15_000)
      assert.equal(new Set(listed.data.map((p: any) => p.request_id)).size, payloads)
      const statuses = await (await fetch(`${base}/statuses?page_size=1000`)).json() as any
      assert.equal(statuses.count, 2 * payloads, 'each status once, however often it was delivered')
      const one = await (await fetch(`${base}/payloads/${hex(77)}`)).json() as any
      assert.deepEqual(one.data.map((s: any) => s.status), ['received', 'success'])
      assert.equal(one.data[0].inventory_id, 'inv-77')
    } finally {
      await second.stop()
      await jsm.streams.delete(stream).catch(() => {})
    }
  })
})
