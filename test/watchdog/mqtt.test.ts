// Hippodamia's protocol over the real Mosquitto, driven by an agent that behaves as hippodamia's does: onboarding
// answered on the request's own topic, config on activation, a ping of another session asked to onboard again,
// commands, the heartbeat, the last will, bad messages counted, and gids kept across a collector's restart — the
// agent onboarding again by itself when the heartbeats stop.

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { connectAsync, type MqttClient } from 'mqtt'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { eventually } from '../server/udp-client.ts'
import { HippodamiaAgent } from './hippodamia-agent.ts'
import { describeWithMosquitto, findMosquitto } from './mosquitto.ts'

const found = await findMosquitto()

describeWithMosquitto('the watchdog over MQTT', found, (url) => {
  const base = `upto-test/${randomUUID()}`
  const topics = { onboarding: `${base}/onboarding/request`, activity: `${base}/activity`, command: `${base}/command`, heartbeat: `${base}/heartbeat` }
  let dir: string
  let observer: MqttClient
  const seen: Array<{ topic: string; message: any }> = []
  const agents: HippodamiaAgent[] = []

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'upto-watchdog-mqtt-'))
    observer = await connectAsync(url)
    observer.on('message', (topic, payload) => seen.push({ topic, message: JSON.parse(payload.toString()) }))
    await observer.subscribeAsync(`${base}/command/#`)
  })
  after(async () => {
    for (const agent of agents) await agent.stop().catch(() => {})
    await observer.endAsync()
    await rm(dir, { recursive: true, force: true })
  })

  const lines: string[] = []
  const start = (): Promise<Collector> => startCollector({
    data: join(dir, 'data'), port: 0, log: (line) => lines.push(line),
    facetSettings: {
      watchdog_mqtt: url, watchdog_topic_onboarding: topics.onboarding, watchdog_topic_activity: topics.activity,
      watchdog_topic_command: topics.command, watchdog_topic_heartbeat: topics.heartbeat,
      watchdog_heartbeat_every: 300, watchdog_expect_heartbeat: 1_000, watchdog_send_ping: 1_000,
    },
  })
  const agent = (name: string, config: Record<string, unknown> = {}) => {
    const a = new HippodamiaAgent({ url, onboardingTopic: topics.onboarding, identifier: { type: 'Sensor', name, location: 'vienna', 'host-name': `${name}.local` }, config })
    agents.push(a)
    return a
  }
  const services = async (collector: Collector) => (await (await fetch(`http://127.0.0.1:${collector.httpPort}/api/services`)).json()) as any
  const service = async (collector: Collector, gid: string) => (await (await fetch(`http://127.0.0.1:${collector.httpPort}/api/services/${gid}`)).json()) as any

  test('onboarding, activity, commands, the last will, bad messages; gids kept across a restart', async () => {
    let collector = await start()
    try {
      // reonboarding for all at start
      await eventually(async () => (seen.some((s) => s.topic === `${topics.command}/reonboarding` && s.message.gid === undefined) ? true : undefined))
      const a = agent('thermo', { broker: { address: 'x', password: 'hunter2' } })
      const b = agent('hygro')
      await a.start()
      await eventually(async () => (a.gid !== undefined ? true : undefined))
      await b.start()
      await eventually(async () => (b.gid !== undefined ? true : undefined))
      assert.deepEqual([a.gid, a.session, b.gid, b.session], ['Sensor-1', 1, 'Sensor-2', 1])
      assert.equal(a.answers[0]!['topics-activity'].ping, `${topics.activity}/Sensor-1/ping`)
      assert.equal(a.answers[0]!.timings['send-ping'], 1)
      // active on its first activity, its configuration kept with the secret masked
      const active = await eventually(async () => {
        const s = await service(collector, 'Sensor-1')
        return s.state === 'active' && s.config !== undefined ? s : undefined
      })
      assert.deepEqual(active.config, { broker: { address: 'x', password: '***' } })
      // heartbeats arrive
      await eventually(async () => (a.heartbeats >= 2 ? true : undefined))

      // a command through the API, to one service
      const sent = await fetch(`http://127.0.0.1:${collector.httpPort}/api/services/command`, { method: 'POST', body: JSON.stringify({ request: 'runtime', gid: 'Sensor-2' }) })
      assert.equal(sent.status, 200)
      const runtime = await eventually(async () => ((await service(collector, 'Sensor-2')).runtime ?? undefined))
      assert.equal(runtime.cpu, 1.5)
      assert.deepEqual(b.commands.filter((c) => c.request === 'runtime'), [{ topic: `${topics.command}/runtime_on_request`, request: 'runtime', gid: 'Sensor-2' }])
      assert.equal(a.commands.filter((c) => c.request === 'runtime').length, 0, 'a command with a gid is for that service only')

      // a ping of another session: that service is asked to onboard again, and does, keeping its gid
      const before = a.requests.length
      a.pingAs(99)
      await eventually(async () => (a.session === 2 ? true : undefined))
      assert.ok(a.requests.length > before)
      assert.ok(seen.some((s) => s.topic === `${topics.command}/reonboarding` && s.message.gid === 'Sensor-1'))
      assert.equal(a.gid, 'Sensor-1')
      assert.notEqual(a.answers.at(-1)!.uuid, a.answers[0]!.uuid, 'a new uuid for each onboarding')

      // bad messages on the onboarding topic are refused and counted, the collector carries on
      const raw = await connectAsync(url)
      await raw.publishAsync(topics.onboarding, '{"uuid":')
      await raw.publishAsync(topics.onboarding, JSON.stringify({ uuid: 'x', 'onboarding-topic': 't', 'protocol-version': 2, timestamp: 'now', identifier: { type: 'A', name: 'b' } }))
      await raw.publishAsync(`${topics.activity}/Sensor-2/ping`, JSON.stringify({ gid: 'Sensor-1', session: 1 }))
      await raw.endAsync()
      const metrics = await eventually(async () => {
        const text = await (await fetch(`http://127.0.0.1:${collector.httpPort}/metrics`)).text()
        return /refused_total\{reason="shape"\} 1/.test(text) ? text : undefined
      })
      assert.match(metrics, /upto_watchdog_messages_refused_total\{reason="malformed"\} 1/)
      assert.match(metrics, /upto_watchdog_messages_refused_total\{reason="protocol_version"\} 1/)
      assert.match(metrics, /upto_service_up\{gid="Sensor-1",name="thermo",type="Sensor",host="thermo.local",state="active",necessity=""\} 1/)

      // the last will: the broker sends its end when the service dies without a word
      await b.die()
      const stopped = await eventually(async () => {
        const s = await service(collector, 'Sensor-2')
        return s.state === 'stopped' ? s : undefined
      })
      assert.equal(stopped.history.at(-1).why, 'end last_will')

      // the collector stops (an end command to all), and comes back on the same data: the agent, missing its
      // heartbeats, onboards again by itself and keeps its gid, its session counted up
      const sessionBefore = a.session!
      await collector.close()
      assert.ok(seen.some((s) => s.topic === `${topics.command}/end` && s.message.gid === undefined))
      const requestsBefore = a.requests.length
      await eventually(async () => (a.requests.length > requestsBefore + 1 ? true : undefined), 10_000)
      collector = await start()
      await eventually(async () => (a.session === sessionBefore + 1 ? true : undefined), 10_000)
      assert.equal(a.gid, 'Sensor-1')
      const listed = await services(collector)
      assert.deepEqual(listed.services.map((s: any) => [s.gid, s.name]).sort(), [['Sensor-1', 'thermo'], ['Sensor-2', 'hygro']])
      await a.end()
      await eventually(async () => ((await service(collector, 'Sensor-1')).state === 'stopped' ? true : undefined))
    } finally {
      await collector.close()
    }
  })
})
