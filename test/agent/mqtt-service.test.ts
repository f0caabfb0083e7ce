// upto agent beside a service, over the real Mosquitto (127.0.0.1:1883, or $UPTO_TEST_MQTT): a small responder
// answers onboarding as hippodamia does; the agent's timers are driven by the test.

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import mqtt, { type MqttClient } from 'mqtt'
import { identifier } from '../../src/agent/service/identity.ts'
import { connectMqttTransport } from '../../src/agent/service/mqtt-transport.ts'
import { runtimeMessage } from '../../src/agent/service/runtime-figures.ts'
import { type ServiceAgent, startServiceAgent } from '../../src/agent/service/service-agent.ts'
import { needs } from '../helpers/needs.ts'
import { fakeTimers } from './fake-timers.ts'

const url = process.env.UPTO_TEST_MQTT ?? 'mqtt://127.0.0.1:1883'
const reachable = await mqtt.connectAsync(url, { connectTimeout: 2_000, reconnectPeriod: 0 }).then(
  async (c) => { await c.endAsync(); return true },
  () => false,
)
const skip = needs('Mosquitto', reachable, `${url} does not answer: start it with mosquitto -d -c /etc/mosquitto/mosquitto.conf, or set UPTO_TEST_MQTT`)

interface Seen { topic: string; body: Record<string, unknown> }

/** Hippodamia's side, as small as a test needs: every message kept, onboarding answered when told to. */
async function responder(base: string) {
  const client = await mqtt.connectAsync(url)
  const seen: Seen[] = []
  const waiting = new Set<() => void>()
  let answer = true
  let session = 0
  client.on('message', (topic, payload) => {
    const body = JSON.parse(payload.toString()) as Record<string, unknown>
    seen.push({ topic, body })
    for (const wake of waiting) wake()
    if (topic !== `${base}/onboarding/request` || !answer) return
    session++
    const activity = (what: string) => `${base}/activity/Web-1/${what}`
    const command = (what: string) => `${base}/command/${what}`
    void client.publishAsync(body['onboarding-topic'] as string, JSON.stringify({
      uuid: body.uuid, gid: 'Web-1', session,
      'topics-activity': { ping: activity('ping'), runtime: activity('runtime'), config: activity('config'), end: activity('end'), logger: activity('logger') },
      'topics-commands': {
        end: command('end'), reonboarding: command('reonboarding'), ping_on_request: command('ping'),
        config_on_request: command('config'), runtime_on_request: command('runtime'), heartbeat: `${base}/heartbeat`,
      },
      timings: { 'send-ping': 10, 'send-runtime': 30, 'send-config': 0, 'expect-heartbeat': 90 },
    }))
  })
  await client.subscribeAsync([`${base}/onboarding/request`, `${base}/activity/#`], { qos: 1 })
  return {
    client,
    seen,
    answering(on: boolean) {
      answer = on
    },
    /** The `n`-th message (1-based) on a topic ending so, once it came. */
    async nth(suffix: string, n = 1): Promise<Seen> {
      const deadline = Date.now() + 10_000
      for (;;) {
        const found = seen.filter((s) => s.topic.endsWith(suffix))[n - 1]
        if (found !== undefined) return found
        if (Date.now() > deadline) throw new Error(`no message ${n} on …${suffix}; seen: ${seen.map((s) => s.topic).join(', ')}`)
        await new Promise<void>((resolve) => {
          waiting.add(resolve)
          setTimeout(resolve, 100)
        }).finally(() => waiting.clear())
      }
    },
    /** The last session it gave. */
    session: () => session,
    count: (suffix: string) => seen.filter((s) => s.topic.endsWith(suffix)).length,
  }
}

describe('upto agent beside a service, over MQTT', { skip, timeout: 60_000 }, () => {
  const base = `upto-test-${randomBytes(4).toString('hex')}`
  const dir = mkdtempSync(join(tmpdir(), 'upto-agent-service-'))
  const service = { name: 'api', type: 'Web', module: 'upto-agent', version: '1', location: 'lab', room: 'r1', device: 'd1', description: 'test' }
  let hippodamia: Awaited<ReturnType<typeof responder>>
  before(async () => (hippodamia = await responder(base)))
  after(async () => hippodamia.client.endAsync())

  async function agentWith(clientId: string) {
    const timers = fakeTimers()
    const log = { info() {}, warn() {} }
    const transport = await connectMqttTransport({ url, requestTopic: `${base}/onboarding/request`, clientId, timers, log })
    const counters = { sent: 0, received: 0 }
    let last: { gid: string; session: number } | undefined
    const agent = startServiceAgent({
      transport, timers, log, counters, everyMs: 10_000, answerWaitMs: 5_000,
      identifier: () => identifier(service, last, { every: '10s' }),
      onboardingTopic: (uuid) => `${base}/onboarding/response/${uuid}`,
      runtime: (session, uptime) => runtimeMessage(session, timers.now(), uptime, dir, counters),
      config: (session) => ({ ...session, config: { every: '10s' } }),
      onSession: (session) => (last = session),
    })
    return { agent, timers, transport, counters }
  }

  let agent: ServiceAgent
  let timers: ReturnType<typeof fakeTimers>
  let counters: { sent: number; received: number }
  /** Resolves once `probe` holds: what the agent does after a message reaches it. */
  const until = async (probe: () => boolean) => {
    const deadline = Date.now() + 10_000
    while (!probe()) {
      if (Date.now() > deadline) throw new Error('the agent did not get there within 10 s')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  test('it onboards, sending a new request with a new uuid when no answer comes', async () => {
    hippodamia.answering(false)
    ;({ agent, timers, counters } = await agentWith(`${base}-a`))
    const first = await hippodamia.nth('/onboarding/request', 1)
    assert.equal(first.body['protocol-version'], 1)
    const id = first.body.identifier as Record<string, unknown>
    assert.equal(id.name, 'api')
    assert.equal(id.type, 'Web')
    assert.equal(id['last-gid'], null)
    for (const key of ['last-session', 'module', 'version', 'location', 'room', 'device', 'description', 'host-name', 'node-id', 'mqtt-client-local-ip', 'ips', 'mac-addresses', 'config-hash']) {
      assert.ok(key in id, `identifier has ${key}`)
    }
    hippodamia.answering(true)
    await timers.advance(5_000)
    const second = await hippodamia.nth('/onboarding/request', 2)
    assert.notEqual(second.body.uuid, first.body.uuid)
    assert.deepEqual(await agent.onboarded(), { gid: 'Web-1', session: 1 })
  })

  test('once onboarded it pings at once and on its interval, and sends its config on activation', async () => {
    const ping = await hippodamia.nth('/Web-1/ping', 1)
    assert.equal(ping.body.gid, 'Web-1')
    assert.equal(ping.body.session, 1)
    assert.equal(typeof ping.body['service-uptime'], 'number')
    assert.ok(typeof ping.body.timestamp === 'string')
    assert.deepEqual((await hippodamia.nth('/Web-1/config', 1)).body.config, { every: '10s' })
    await timers.advance(10_000)
    await hippodamia.nth('/Web-1/ping', 2)
  })

  test('it sends runtime on its timing and when asked, with cpu, memory, disk and message counters', async () => {
    await timers.advance(20_000) // 30 s since onboarding: send-runtime
    const runtime = (await hippodamia.nth('/Web-1/runtime', 1)).body
    for (const key of ['cpu', 'memory', 'disk', 'messages']) assert.ok(runtime[key] !== undefined, `runtime has ${key}`)
    await hippodamia.client.publishAsync(`${base}/command/runtime`, JSON.stringify({ request: 'runtime', gid: 'Web-1' }))
    await hippodamia.nth('/Web-1/runtime', 2)
    await hippodamia.client.publishAsync(`${base}/command/ping`, JSON.stringify({ request: 'ping' }))
    const pings = hippodamia.count('/Web-1/ping')
    await hippodamia.nth('/Web-1/ping', pings)
    await hippodamia.client.publishAsync(`${base}/command/config`, JSON.stringify({ request: 'config' }))
    await hippodamia.nth('/Web-1/config', 2)
  })

  test('heartbeats keep it onboarded; when they stop it onboards again, asking for its last gid', async () => {
    const requests = hippodamia.count('/onboarding/request')
    const received = counters.received
    await hippodamia.client.publishAsync(`${base}/heartbeat`, JSON.stringify({ heartbeat: 'heartbeat', timestamp: new Date().toISOString() }))
    await until(() => counters.received > received)
    await timers.advance(60_000)
    assert.equal(hippodamia.count('/onboarding/request'), requests, 'a heartbeat 60 s ago is not missing yet')
    await timers.advance(31_000)
    const again = await hippodamia.nth('/onboarding/request', requests + 1)
    assert.equal((again.body.identifier as Record<string, unknown>)['last-gid'], 'Web-1')
    assert.equal((again.body.identifier as Record<string, unknown>)['last-session'], 1)
  })

  test('asked to re-onboard, it does; stopped, it says end with reason agent', async () => {
    // onboarded on the last answer (its command topics subscribed) before the command is sent: MQTT keeps no
    // message for a subscription that is not there yet
    await until(() => agent.session()?.session === hippodamia.session())
    const requests = hippodamia.count('/onboarding/request')
    await hippodamia.client.publishAsync(`${base}/command/reonboarding`, JSON.stringify({ request: 'reonboarding', gid: 'Web-1' }))
    await hippodamia.nth('/onboarding/request', requests + 1)
    await until(() => agent.session()?.session === hippodamia.session())
    const session = hippodamia.session()
    await agent.stop()
    const end = await hippodamia.nth('/Web-1/end', 1)
    assert.deepEqual(end.body, { gid: 'Web-1', session: session, reason: 'agent' })
  })

  test('when the agent dies without a word, the broker says its last will: end with reason last_will', async () => {
    const { agent: doomed, transport } = await agentWith(`${base}-b`)
    const { session } = await doomed.onboarded()
    ;(transport as unknown as { client(): MqttClient }).client().stream.destroy()
    const ends = hippodamia.seen.filter((s) => s.topic.endsWith('/Web-1/end'))
    const will = await hippodamia.nth('/Web-1/end', ends.length + 1)
    assert.deepEqual(will.body, { gid: 'Web-1', session, reason: 'last_will' })
    await doomed.stop()
  })
})
