// A stopped agent leaves no timer behind, whatever reaches it while it says end: a process beside a service
// exits at SIGTERM instead of waiting for a heartbeat timer it set after stopping.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { OnboardingResponse } from '../../src/agent/service/messages.ts'
import { identifier } from '../../src/agent/service/identity.ts'
import { type ServiceTransport, startServiceAgent } from '../../src/agent/service/service-agent.ts'
import { fakeTimers } from './fake-timers.ts'

const response: OnboardingResponse = {
  uuid: '', gid: 'Web-1', session: 1,
  'topics-activity': { ping: 'a/ping', runtime: 'a/runtime', config: 'a/config', end: 'a/end', logger: 'a/logger' },
  'topics-commands': { end: 'c/end', reonboarding: 'c/re', ping_on_request: 'c/ping', config_on_request: 'c/config', runtime_on_request: 'c/runtime', heartbeat: 'c/heartbeat' },
  timings: { 'send-ping': 10, 'send-runtime': 30, 'send-config': 0, 'expect-heartbeat': 500 },
}

test('a heartbeat or command that arrives while the agent says end sets no timer', async () => {
  let heartbeat = () => {}
  let command: Parameters<ServiceTransport['listen']>[0] = () => {}
  const sent: string[] = []
  const transport: ServiceTransport = {
    onboard: async (request) => ({ ...response, uuid: request.uuid }),
    activate: async () => {},
    async send(activity) {
      sent.push(activity)
      // the broker hands over what was on its way while the end goes out
      if (activity === 'end') {
        heartbeat()
        command('reonboarding')
        command('ping')
      }
      return undefined
    },
    listen: (onCommand, onHeartbeat) => {
      command = onCommand
      heartbeat = onHeartbeat
    },
    close: async () => {},
  }
  const timers = fakeTimers()
  const service = { name: 'api', type: 'Web', module: 'm', version: '1', location: '', room: '', device: '', description: '' }
  const agent = startServiceAgent({
    transport, timers, counters: { sent: 0, received: 0 }, everyMs: 10_000, answerWaitMs: 5_000, log: { info() {}, warn() {} },
    identifier: () => identifier(service, undefined, {}),
    onboardingTopic: () => 'unused',
    runtime: (s) => s,
    config: (s) => s,
  })
  await agent.onboarded()
  assert.ok(timers.pending() > 0, 'onboarded, it pings and expects heartbeats on timers')
  await agent.stop()
  assert.equal(sent.at(-1), 'end')
  assert.equal(timers.pending(), 0)
  await timers.advance(600_000)
  assert.equal(sent.at(-1), 'end', 'nothing is sent after end')
})
