// Hippodamia's messages from the golden files (test/fixtures/hippodamia/): the request every identifier field in,
// the response the watchdog makes for it, a ping, an end as the last will; and the command and heartbeat shapes.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { identityOf } from '../../src/facets/watchdog/model/identity.ts'
import {
  commandMessage, defaultAgentTimings, defaultTopics, heartbeatMessage, isRefusal, onboardingResponse, parseObject, readActivity, readCommand, readOnboardingRequest,
} from '../../src/facets/watchdog/model/messages.ts'
import { onboard } from '../../src/facets/watchdog/model/onboarding.ts'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/hippodamia/${name}`, import.meta.url))

test('the onboarding request is read with every identifier field, and answered with the response of the golden file', () => {
  const value = parseObject(fixture('onboarding-request.json'))
  assert.ok(!isRefusal(value))
  const request = readOnboardingRequest(value)
  assert.ok(!isRefusal(request))
  assert.equal(request.identifier['host-name'], 'rpi')
  assert.deepEqual(request.identifier['mac-addresses'], ['00:07:E9:AB:CD:EF', '00:07:E9:AB:CD:FF'])
  assert.equal(request.identifier['last-gid'], undefined, 'an empty last-gid is none')
  assert.equal(identityOf(request.identifier), 'flat\0living room\0thermostat\0copreus\0display-driver')
  const result = onboard({ uuid: request.uuid, identifier: request.identifier, via: 'mqtt', now: 0 }, { byGid: () => undefined, byIdentity: () => undefined, holds: () => false }, { expected: [], enforcement: 'none' })
  assert.ok(result.accepted)
  const response = onboardingResponse(request, result.service, defaultTopics, defaultAgentTimings)
  assert.deepEqual(JSON.parse(JSON.stringify(response)), JSON.parse(fixture('onboarding-response.json').toString()))
})

test('a ping and an end as the last will are read; a ping of another gid than its topic\'s is refused', () => {
  const ping = readActivity('ping', parseObject(fixture('ping.json')) as Record<string, unknown>, 'copreus-1')
  assert.ok(!isRefusal(ping))
  assert.equal(ping.body['service-uptime'], 60.1)
  const end = readActivity('end', parseObject(fixture('end-last-will.json')) as Record<string, unknown>, 'copreus-1')
  assert.ok(!isRefusal(end) && end.body.reason === 'last_will')
  const wrong = readActivity('ping', parseObject(fixture('ping.json')) as Record<string, unknown>, 'copreus-2')
  assert.ok(isRefusal(wrong) && wrong.refused === 'shape')
})

test('commands and the heartbeat have hippodamia\'s shapes', () => {
  assert.deepEqual(commandMessage('reonboarding'), { request: 'reonboarding' })
  assert.deepEqual(commandMessage('ping', 'copreus-1'), { request: 'ping', gid: 'copreus-1' })
  assert.deepEqual(readCommand({ request: 'config', gid: 'x' }), { request: 'config', gid: 'x' })
  assert.ok(isRefusal(readCommand({ request: 'reboot' })))
  assert.deepEqual(heartbeatMessage(Date.UTC(2026, 0, 1)), { heartbeat: 'heartbeat', timestamp: '2026-01-01T00:00:00.000Z' })
})
