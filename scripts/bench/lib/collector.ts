// The collector as the benchmarks see it from outside: a child process, its /metrics, its RSS.

import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Variant } from './bundle.ts'
import { type Child, startChild } from './children.ts'

export interface CollectorChild {
  child: Child
  udpPort: number
  httpPort: number
  data: string
  metrics(): Promise<Counters>
  /** Resident set size in bytes, read from /proc (nothing asked of the collector). */
  rss(): number
  /** CPU time the collector's process has spent, every thread, user + system, in microseconds. */
  cpu(): Promise<number>
  /** Waits until nothing is queued and `received` stopped moving; the counters then. */
  settle(timeoutMs?: number): Promise<Counters>
  /** Flushes and closes the collector, ending its process; the folder stays. */
  stop(): Promise<void>
  /** Removes the data folder. */
  remove(): Promise<void>
}

export interface Counters {
  received: number
  accepted: number
  refused: number
  stored: number
  queued: number
  /** Accepted events the full ingest queue did not take. */
  dropped: number
  /** Datagrams the kernel dropped, the socket's receive buffer full. */
  kernelDrops: number
  /** Appends to the store (group commits). */
  batches: number
}

export interface CollectorChildOptions {
  profileDir?: string
  data?: string
  /** The collector's --sync; its default when absent. */
  sync?: 'acknowledged' | 'always' | 'never'
  /** A second build of the collector, some of its files replaced (bundle.ts). */
  variant?: Variant
}

export async function startCollectorChild(options: CollectorChildOptions = {}): Promise<CollectorChild> {
  const data = options.data ?? (await mkdtemp(join(tmpdir(), 'upto-bench-')))
  const { child, ready } = await startChild<{ udpPort: number; httpPort: number }>('lib/collector-child', {
    args: options.sync === undefined ? [data] : [data, options.sync],
    ...(options.profileDir ? { profileDir: options.profileDir } : {}),
    ...(options.variant ? { variant: options.variant } : {}),
  })
  const base = `http://127.0.0.1:${ready.httpPort}`
  const metrics = async (): Promise<Counters> => {
    const text = await (await fetch(`${base}/metrics`)).text()
    const sum = (name: string) => {
      let total = 0
      for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'gm'))) total += Number(m[1])
      return total
    }
    return {
      received: sum('upto_events_received_total'),
      accepted: sum('upto_events_accepted_total'),
      refused: sum('upto_events_refused_total'),
      stored: sum('upto_events_stored_total'),
      queued: sum('upto_ingest_queue_length'),
      dropped: sum('upto_events_dropped_total'),
      kernelDrops: sum('upto_udp_kernel_drops_total'),
      batches: sum('upto_store_batches_total'),
    }
  }
  return {
    child,
    udpPort: ready.udpPort,
    httpPort: ready.httpPort,
    data,
    metrics,
    rss() {
      const status = readFileSync(`/proc/${child.process.pid}/status`, 'utf8')
      const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
      return kb === undefined ? NaN : Number(kb) * 1024
    },
    async cpu() {
      const used = await child.call<{ user: number; system: number }>({ cmd: 'cpu' })
      return used.user + used.system
    },
    async settle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      let last = await metrics()
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 150))
        const now = await metrics()
        const still = now.received === last.received && now.queued === 0 && now.stored >= now.accepted
        if (still || Date.now() > deadline) return now
        last = now
      }
    },
    stop: () => child.stop(),
    remove: () => rm(data, { recursive: true, force: true }),
  }
}
