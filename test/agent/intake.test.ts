import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { takeEvents } from '../../src/agent/relay/intake.ts'
import { openSegmentBuffer } from '../../src/agent/relay/segment-buffer.ts'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { decodeJson } from '../../src/codecs/json.ts'

const received = Date.UTC(2026, 5, 1, 12)
const text = (line: string) => decodeDatagram(new TextEncoder().encode(line), received, '10.0.0.7')

async function buffered(lines: string[]) {
  const buffer = openSegmentBuffer({ dir: mkdtempSync(join(tmpdir(), 'upto-agent-intake-')), maxBytes: 1 << 20 })
  for (const line of lines) takeEvents(buffer, 'a1', text(line), received)
  const out = buffer.peek(100, 1 << 20)
  await buffer.close()
  return out
}

test('an event without an id gets agent:<agent id>:<sequence>, one with an id keeps it', async () => {
  const [first, second] = await buffered(['start deploy db', 'end deploy db id=mine'])
  assert.equal(JSON.parse(first!.line).id, 'agent:a1:1')
  assert.equal(JSON.parse(second!.line).id, 'mine')
})

test('an event without a time gets the time it reached the agent, not the time it reaches the collector', async () => {
  const [start, fresh] = await buffered(['start deploy db', 'new deploy'])
  assert.equal(JSON.parse(start!.line).time, received)
  assert.equal(JSON.parse(fresh!.line).time, undefined, 'a new means "now" wherever it lands')
})

test('the buffered line is what the collector\'s JSON decoder reads back as the same event', async () => {
  const [line] = await buffered(['end deploy db.migrate status=error host=web1 timeline=t7 message=boom attr.exit=3'])
  const decoded = decodeJson(new TextEncoder().encode(`[${line!.line}]`), received + 3_600_000)
  assert.deepEqual(decoded.refused, [])
  assert.deepEqual(decoded.events[0], { ...text('end deploy db.migrate status=error host=web1 timeline=t7 message=boom attr.exit=3').events[0], time: received, id: 'agent:a1:1' })
})
