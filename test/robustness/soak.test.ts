// A soak, bounded in count and time, loopback only: a child process floods the collector (itself a child,
// `upto serve` on a temporary folder) with UDP datagrams while HTTP clients stream batches and a prober
// asks /api/ ten times a second. Throughout, /api/ answers and the collector's memory stays under
// RSS_BOUND; at the end the counts add up: sent = stored + counted drops (refused, queue full, kernel).

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { openLevelStore } from '../../src/store/level.ts'
import { startCollectorProcess } from '../helpers/collector-process.ts'
import { eventually } from '../server/udp-client.ts'
import { metricsOf, sample } from './metrics-text.ts'

/** The bound the README states for the collector under this load. */
export const RSS_BOUND = 300 * 1024 * 1024
const DATAGRAMS = 40_000
/** One datagram in this many is garbage: refused, and counted. */
const GARBAGE_EVERY = 100
const HTTP_CLIENTS = 4
const HTTP_BATCH = 50

/** Sends DATAGRAMS text datagrams in bursts of 400 every 10 ms (about 2 s); prints how many the kernel took. */
const udpSender = `
  const socket = require('node:dgram').createSocket('udp4')
  const [port, total, every] = process.argv.slice(1).map(Number)
  let i = 0, sent = 0, failed = 0
  const done = () => sent + failed === total && (process.stdout.write(JSON.stringify({ sent, failed })), socket.close())
  const burst = () => {
    for (let k = 0; k < 400 && i < total; k++, i++) {
      const bytes = i % every === every - 1 ? Buffer.from([0xc1, 0xc1]) : Buffer.from('mark soak udp.e' + i + ' timeline=u')
      socket.send(bytes, port, '127.0.0.1', (error) => { error ? failed++ : sent++; done() })
    }
    if (i < total) setTimeout(burst, 10)
  }
  burst()`

function rss(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return kb === undefined ? 0 : Number(kb) * 1024
}

test('soak: UDP and HTTP at once; /api/ answers throughout, memory stays bounded, sent = stored + counted drops', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'upto-soak-'))
  const collector = await startCollectorProcess(join(dir, 'data'))
  const base = `http://127.0.0.1:${collector.port}`
  const pid = collector.child.pid!
  let sending = true
  let maxRss = rss(pid)
  const probes: number[] = []
  try {
    const udp = spawn(process.execPath, ['-e', udpSender, String(collector.port), String(DATAGRAMS), String(GARBAGE_EVERY)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let udpOut = ''
    udp.stdout.on('data', (chunk: Buffer) => (udpOut += chunk))
    const udpDone = new Promise<{ sent: number; failed: number }>((resolve, reject) =>
      udp.once('exit', (code) => (code === 0 ? resolve(JSON.parse(udpOut)) : reject(new Error(`udp sender exited ${code}`)))))

    let acknowledged = 0
    let busy = 0
    const client = async (c: number) => {
      for (let b = 0; sending; b++) {
        const events = Array.from({ length: HTTP_BATCH }, (_, i) => ({ type: 'mark', context: 'soak', name: `http.c${c}.b${b}.e${i}`, timeline: 'h' }))
        const res = await fetch(`${base}/api/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000) })
        const answer = (await res.json()) as { accepted?: number }
        if (res.status === 200) acknowledged += answer.accepted ?? 0
        else if (res.status === 503) busy++
        else assert.fail(`HTTP ${res.status}: ${JSON.stringify(answer)}`)
      }
    }
    const prober = async () => {
      while (sending) {
        const res = await fetch(`${base}/api/`, { signal: AbortSignal.timeout(5_000) })
        probes.push(res.status)
        await res.body?.cancel()
        maxRss = Math.max(maxRss, rss(pid))
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    const clients = Array.from({ length: HTTP_CLIENTS }, (_, c) => client(c))
    const probing = prober()
    const { sent, failed } = await udpDone
    sending = false
    await Promise.all([...clients, probing])

    // every datagram the kernel took is either received or dropped by the kernel; then stored or counted
    const settled = await eventually(async () => {
      const text = await metricsOf(base)
      const received = sample(text, 'upto_events_received_total', { transport: 'udp' })
      const kernel = sample(text, 'upto_udp_kernel_drops_total')
      return received + kernel === sent && sample(text, 'upto_ingest_queue_length') === 0 ? text : undefined
    }, 20_000)
    maxRss = Math.max(maxRss, rss(pid))
    const stored = sample(settled, 'upto_events_stored_total')
    const refused = sample(settled, 'upto_events_refused_total', { transport: 'udp' })
    const queueDrops = sample(settled, 'upto_events_dropped_total', { transport: 'udp' })
    const kernelDrops = sample(settled, 'upto_udp_kernel_drops_total')
    const figures = { sent, failed, refused, queueDrops, kernelDrops, acknowledged, busy, stored, probes: probes.length, maxRssMB: Math.round(maxRss / 1048576) }
    t.diagnostic(`soak: ${JSON.stringify(figures)}`)

    assert.equal(failed, 0, 'the kernel took every datagram')
    // a garbage datagram the kernel dropped never reached the collector; every other one was refused, and counted
    const garbage = Math.floor(DATAGRAMS / GARBAGE_EVERY)
    assert.ok(refused <= garbage && refused >= garbage - kernelDrops, `${refused} of ${garbage} garbage datagrams refused, ${kernelDrops} datagrams dropped by the kernel`)
    assert.ok(acknowledged > 0, 'HTTP batches were acknowledged')
    assert.equal(stored, sent - refused - queueDrops - kernelDrops + acknowledged, JSON.stringify(figures))
    assert.ok(probes.length >= 5 && probes.every((status) => status === 200), `probes: ${probes.join(' ')}`)
    assert.ok(maxRss < RSS_BOUND, `RSS ${maxRss} bytes`)

    assert.equal(await collector.stop('SIGTERM'), 0)
    const store = await openLevelStore(join(dir, 'data'))
    try {
      const udpKept = (await store.messages('soak', 'u')).length
      const httpKept = (await store.messages('soak', 'h')).length
      assert.equal(httpKept, acknowledged)
      assert.equal(udpKept + httpKept, stored)
    } finally {
      await store.close()
    }
  } finally {
    sending = false
    collector.child.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  }
})
