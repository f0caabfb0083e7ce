import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import { startCollector } from '../../src/server/collector.ts'

test('the collector forwards what it made durable to its sinks, and counts it at /metrics', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'upto-sinks-'))
  t.after(() => rmSync(data, { recursive: true, force: true }))
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk) => (text += chunk))
  const collector = await startCollector({
    data, port: 0, log: () => {},
    sinks: [{ name: 'out', type: 'stdout', enabled: true, options: { stream } }],
  })
  try {
    const base = `http://127.0.0.1:${collector.httpPort}`
    const answer = await fetch(`${base}/api/events`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ type: 'start', context: 'ci', name: 'build' }, { type: 'end', context: 'ci', name: 'build', status: 'ok' }]),
    })
    assert.equal(answer.status, 200)
    for (let i = 0; i < 100 && text.split('\n').length < 3; i++) await new Promise((r) => setTimeout(r, 10))
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string; name: string; timeline: string })
    assert.deepEqual(lines.map((l) => [l.kind, l.name]), [['start', 'build'], ['end', 'build']])
    assert.ok(lines.every((l) => typeof l.timeline === 'string' && l.timeline.length > 0), 'placed in a timeline')
    const metrics = await (await fetch(`${base}/metrics`)).text()
    assert.match(metrics, /upto_sink_forwarded_total\{sink="out"\} 2/)
  } finally {
    await collector.close()
  }
})
