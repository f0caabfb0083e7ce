import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMetrics } from '../../src/pipeline/metrics.ts'

const event = { kind: 'start' as const, context: 'c', name: 'n', host: '' }

test('every decoded item is received, then accepted or refused by transport and reason', () => {
  const metrics = createMetrics()
  metrics.decoded('udp', { events: [event, event], refused: [{ index: 2, reason: 'bad_name', detail: 'x' }] })
  metrics.decoded('udp', { events: [], refused: [{ index: 0, reason: 'malformed', detail: 'x' }] })
  metrics.decoded('http', { events: [event], refused: [{ index: 1, reason: 'bad_name', detail: 'x' }] })
  const s = metrics.snapshot()
  assert.deepEqual(s.received, { udp: 4, http: 2 })
  assert.deepEqual(s.accepted, { udp: 2, http: 1 })
  assert.deepEqual(s.refused, { 'udp bad_name': 1, 'udp malformed': 1, 'http bad_name': 1 })
})

test('renders the Prometheus text format with HELP and TYPE lines', () => {
  const metrics = createMetrics()
  metrics.decoded('udp', { events: [event], refused: [{ index: 1, reason: 'bad_name', detail: 'x' }] })
  metrics.stored(1)
  metrics.failed(3)
  metrics.queueLength(() => 7)
  const text = metrics.renderPrometheus()
  for (const line of [
    '# HELP upto_events_received_total Events received, valid or not.',
    '# TYPE upto_events_received_total counter',
    'upto_events_received_total{transport="udp"} 2',
    'upto_events_received_total{transport="http"} 0',
    'upto_events_accepted_total{transport="udp"} 1',
    'upto_events_refused_total{transport="udp",reason="bad_name"} 1',
    'upto_events_stored_total 1',
    'upto_store_batches_total 1',
    'upto_store_failed_batches_total 1',
    'upto_events_failed_total 3',
    '# TYPE upto_ingest_queue_length gauge',
    'upto_ingest_queue_length 7',
  ]) {
    assert.ok(text.split('\n').includes(line), `missing line: ${line}\n${text}`)
  }
  assert.ok(text.endsWith('\n'))
})
