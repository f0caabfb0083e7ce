import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createLogger } from '../../src/pipeline/log.ts'

const t0 = Date.UTC(2026, 0, 1)

function setup() {
  const lines: string[] = []
  let clock = t0
  const log = createLogger({ sink: (l) => lines.push(l), now: () => clock })
  return { lines, log, tick: (ms: number) => (clock += ms) }
}

const refusal = { index: 0, reason: 'bad_name' as const, detail: 'name "" is empty: expected 1 to 1024 bytes' }

test('writes lines with the time and the level', () => {
  const { lines, log } = setup()
  log.info('listening on udp 127.0.0.1:8123')
  log.error('boom')
  assert.deepEqual(lines, [
    '2026-01-01T00:00:00.000Z info listening on udp 127.0.0.1:8123',
    '2026-01-01T00:00:00.000Z error boom',
  ])
})

test('writes at most one refusal line per transport and reason every 10 s, then counts the others', () => {
  const { lines, log, tick } = setup()
  for (let i = 0; i < 50; i++) log.refused('udp', refusal, '10.0.0.7')
  log.refused('http', refusal)
  log.refused('udp', { ...refusal, reason: 'malformed', detail: 'not msgpack' }, '10.0.0.7')
  tick(10_000)
  log.refused('udp', refusal, '10.0.0.8')
  assert.deepEqual(lines.map((l) => l.slice(25)), [
    'warn refused udp bad_name from 10.0.0.7 #0: name "" is empty: expected 1 to 1024 bytes',
    'warn refused http bad_name #0: name "" is empty: expected 1 to 1024 bytes',
    'warn refused udp malformed from 10.0.0.7 #0: not msgpack',
    'warn refused udp bad_name from 10.0.0.8 #0: name "" is empty: expected 1 to 1024 bytes (49 more since 2026-01-01T00:00:00.000Z)',
  ])
})

test('flush writes the counts of refusals not shown yet', () => {
  const { lines, log } = setup()
  log.refused('udp', refusal)
  log.refused('udp', refusal)
  log.refused('udp', refusal)
  log.flush()
  log.flush()
  assert.equal(lines.length, 2)
  assert.equal(lines[1]!.slice(25), 'warn refused udp bad_name: 2 more since 2026-01-01T00:00:00.000Z')
})

test('a sink that throws does not throw out of the logger', () => {
  const log = createLogger({ sink: () => { throw new Error('EPIPE') } })
  log.info('still fine')
})
