// `upto agent` beside a service against the collector's watchdog, both real, over the real Mosquitto: the agent
// onboards, the watchdog gives it a gid and sees it active; SIGTERM sends end and the watchdog has it stopped.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { bin } from '../helpers/collector-process.ts'
import { eventually } from '../server/udp-client.ts'
import { describeWithMosquitto, findMosquitto } from '../watchdog/mosquitto.ts'

const found = await findMosquitto()

describeWithMosquitto('upto agent and the watchdog', found, (url) => {
  test('onboarded, active, and stopped at SIGTERM', async () => {
    const base = `upto-test/${randomUUID()}`
    const dir = await mkdtemp(join(tmpdir(), 'upto-agent-watchdog-'))
    const collector = await startCollector({
      store: createMemoryStore(), port: 0, log: () => {},
      facetSettings: {
        watchdog_mqtt: url, watchdog_topic_onboarding: `${base}/onboarding/request`, watchdog_topic_activity: `${base}/activity`,
        watchdog_topic_command: `${base}/command`, watchdog_topic_heartbeat: `${base}/heartbeat`, watchdog_heartbeat_every: 500,
      },
    })
    const agent = spawn(process.execPath, [bin, 'agent', '--name', 'api', '--type', 'Web', '--location', 'vienna', '--every', '1s',
      '--mqtt', url, '--onboarding-topic', `${base}/onboarding/request`, '--data', join(dir, 'agent')], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    agent.stdout.on('data', (c) => (output += c))
    agent.stderr.on('data', (c) => (output += c))
    const exited = new Promise<number | null>((resolve) => agent.once('exit', resolve))
    const services = async () => (await (await fetch(`http://127.0.0.1:${collector.httpPort}/api/services`)).json()) as { services: any[] }
    try {
      const api = await eventually(async () => (await services()).services.find((s) => s.name === 'api' && s.state === 'active'), 15_000)
        .catch((error: Error) => { throw new Error(`${error.message}\nagent said:\n${output}`) })
      assert.equal(api.gid, 'Web-1')
      agent.kill('SIGTERM')
      const code = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000, 'still running 10 s after SIGTERM').unref())])
      assert.equal(code, 0, `agent exit: ${code}\nagent said:\n${output}`)
      const stopped = await eventually(async () => (await services()).services.find((s) => s.gid === 'Web-1' && s.state === 'stopped'), 10_000)
      assert.ok(stopped)
    } finally {
      if (agent.exitCode === null) agent.kill('SIGKILL')
      await collector.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
