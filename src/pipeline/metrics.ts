// Counters of the collector, shown at /metrics in the Prometheus text format. Plain numbers on the
// hot path: one call per datagram or request, no allocation unless something is refused.

import type { Decoded, RefusalReason } from '../core/types.ts'

/** A source's name (`udp`, `http`, a `[sources.NAME]`): the `transport` label of the counters. */
export type Transport = string
/** Why accepted events were not queued: the queue was full, or the store takes no writes (store-health.ts). */
export type DropReason = 'queue_full' | 'store_unavailable'
export type StreamDropReason = 'slow' | 'too_many'
/** Why an HTTP request was answered 503 before its body was read. */
export type BusyReason = 'bodies_in_flight'

export interface MetricsSnapshot {
  /** By source; `udp` and `http` are always there. */
  received: Record<Transport, number>
  accepted: Record<Transport, number>
  /** `transport reason` → count. */
  refused: Record<string, number>
  stored: number
  batches: number
  failedBatches: number
  failedEvents: number
  queueLength: number
  /** Accepted events not queued (UDP lost them; HTTP answered 503): `transport reason` → count. */
  dropped: Record<string, number>
  /** False while the store takes no writes. */
  storeHealthy: boolean
  /** Live-update streams (GET /api/changes) open now. */
  liveStreams: number
  /** HTTP requests answered 503 before their body was read, by reason. */
  busy: Record<BusyReason, number>
  /** Live-update streams ended because the client did not keep up ('slow'), or refused at --max-streams ('too_many'). */
  streamsDropped: Record<StreamDropReason, number>
  /** Datagrams the kernel dropped for the UDP socket (its receive buffer was full); undefined where unknown. */
  kernelDrops: number | undefined
  /** Per sink (`[sinks.NAME]`): messages forwarded, writes that failed (retried), messages dropped, waiting now. */
  sinks: Record<string, SinkCounts>
}

export interface SinkCounts {
  forwarded: number
  failures: number
  dropped: number
  queued: number
}

export interface Metrics {
  /** Counts one decoded datagram or body: every item is received, then accepted or refused. */
  decoded(transport: Transport, decoded: Decoded): void
  /** A batch the store made durable. */
  stored(events: number): void
  /** A batch the store failed to append. */
  failed(events: number): void
  /** Where the queue length is read from when the metrics are shown. */
  queueLength(read: () => number): void
  /** Accepted events the ingest queue did not take: it was full (default), or the store takes no writes. */
  dropped(transport: Transport, events: number, reason?: DropReason): void
  /** Where the store's health is read from when the metrics are shown. */
  storeHealthy(read: () => boolean): void
  /** Where the number of open live-update streams is read from. */
  liveStreams(read: () => number): void
  /** A live-update stream dropped, or refused. */
  streamDropped(reason: StreamDropReason): void
  /** An HTTP request answered 503 before its body was read. */
  busy(reason: BusyReason): void
  /** Where the kernel's drop count for the UDP socket is read from (Linux /proc/net/udp), when shown. */
  kernelDrops(read: () => number | undefined): void
  /** Messages a sink took. */
  sinkForwarded(sink: string, messages: number): void
  /** A write to a sink that failed (it is retried). */
  sinkFailed(sink: string): void
  /** Messages a sink's queue had no room for, or still held at shutdown. */
  sinkDropped(sink: string, messages: number): void
  /** Where a sink's queue length is read from. */
  sinkQueue(sink: string, read: () => number): void
  /**
   * A facet's own counter, `upto_<name>_total` at /metrics, counted by reason (a label; none: one sample).
   * Registered once, when the facet adds its routes.
   */
  counter(name: string, help: string): (reason?: string, n?: number) => void
  /** A facet's own gauge, `upto_<name>` at /metrics: its samples, labelled, read when the metrics are shown. */
  gauge(name: string, help: string, read: () => ReadonlyArray<{ labels?: Readonly<Record<string, string>>; value: number }>): void
  snapshot(): MetricsSnapshot
  renderPrometheus(): string
}

export function createMetrics(): Metrics {
  const received = new Map<Transport, number>([['udp', 0], ['http', 0]])
  const accepted = new Map<Transport, number>([['udp', 0], ['http', 0]])
  const refused = new Map<string, number>()
  let stored = 0
  let batches = 0
  let failedBatches = 0
  let failedEvents = 0
  let readQueue = () => 0
  const dropped = new Map<string, number>([['udp queue_full', 0], ['http queue_full', 0]])
  let readHealthy = () => true
  let readStreams = () => 0
  const streamsDropped: Record<StreamDropReason, number> = { slow: 0, too_many: 0 }
  const busy: Record<BusyReason, number> = { bodies_in_flight: 0 }
  let readKernelDrops = (): number | undefined => undefined
  const sinks = new Map<string, Omit<SinkCounts, 'queued'> & { read: () => number }>()
  const sink = (name: string) => {
    let counts = sinks.get(name)
    if (counts === undefined) sinks.set(name, (counts = { forwarded: 0, failures: 0, dropped: 0, read: () => 0 }))
    return counts
  }

  const counters = new Map<string, { help: string; counts: Map<string, number> }>()
  const gauges = new Map<string, { help: string; read: Parameters<Metrics['gauge']>[2] }>()

  const snapshot = (): MetricsSnapshot => ({
    received: Object.fromEntries(received),
    accepted: Object.fromEntries(accepted),
    refused: Object.fromEntries(refused),
    stored,
    batches,
    failedBatches,
    failedEvents,
    queueLength: readQueue(),
    dropped: Object.fromEntries(dropped),
    storeHealthy: readHealthy(),
    liveStreams: readStreams(),
    streamsDropped: { ...streamsDropped },
    busy: { ...busy },
    kernelDrops: readKernelDrops(),
    sinks: Object.fromEntries([...sinks].map(([name, { forwarded, failures, dropped, read }]) =>
      [name, { forwarded, failures, dropped, queued: read() }])),
  })
  const refusalKey = (transport: Transport, reason: RefusalReason) => `${transport} ${reason}`

  return {
    decoded(transport, decoded) {
      const ok = decoded.events.length
      const bad = decoded.refused.length
      received.set(transport, (received.get(transport) ?? 0) + ok + bad)
      accepted.set(transport, (accepted.get(transport) ?? 0) + ok)
      for (let i = 0; i < bad; i++) {
        const k = refusalKey(transport, decoded.refused[i]!.reason)
        refused.set(k, (refused.get(k) ?? 0) + 1)
      }
    },
    stored(events) {
      stored += events
      batches++
    },
    failed(events) {
      failedBatches++
      failedEvents += events
    },
    queueLength(read) {
      readQueue = read
    },
    dropped(transport, events, reason = 'queue_full') {
      const k = `${transport} ${reason}`
      dropped.set(k, (dropped.get(k) ?? 0) + events)
    },
    storeHealthy(read) {
      readHealthy = read
    },
    liveStreams(read) {
      readStreams = read
    },
    streamDropped(reason) {
      streamsDropped[reason]++
    },
    busy(reason) {
      busy[reason]++
    },
    kernelDrops(read) {
      readKernelDrops = read
    },
    sinkForwarded(name, messages) {
      sink(name).forwarded += messages
    },
    sinkFailed(name) {
      sink(name).failures++
    },
    sinkDropped(name, messages) {
      sink(name).dropped += messages
    },
    sinkQueue(name, read) {
      sink(name).read = read
    },
    counter(name, help) {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`counter name ${JSON.stringify(name)}: expected lower-case words joined by _`)
      const counts = new Map<string, number>()
      counters.set(name, { help, counts })
      return (reason = '', n = 1) => counts.set(reason, (counts.get(reason) ?? 0) + n)
    },
    gauge(name, help, read) {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`gauge name ${JSON.stringify(name)}: expected lower-case words joined by _`)
      gauges.set(name, { help, read })
    },
    snapshot,
    renderPrometheus() {
      const s = snapshot()
      const byTransport = (counts: Record<Transport, number>) =>
        Object.keys(counts).sort().map((t) => `{transport="${label(t)}"} ${counts[t]}`)
      const byReason = (counts: Record<string, number>) => Object.entries(counts).sort().map(([k, n]) => {
        const [transport, reason] = k.split(' ')
        return `{transport="${label(transport ?? '')}",reason="${reason}"} ${n}`
      })
      return [
        metric('upto_events_received_total', 'counter', 'Events received, valid or not.', byTransport(s.received)),
        metric('upto_events_accepted_total', 'counter', 'Events that decoded and validated.', byTransport(s.accepted)),
        metric('upto_events_refused_total', 'counter', 'Events refused, by reason.', byReason(s.refused)),
        metric('upto_events_stored_total', 'counter', 'Events the store made durable.', [` ${s.stored}`]),
        metric('upto_store_batches_total', 'counter', 'Batches appended (group commits).', [` ${s.batches}`]),
        metric('upto_store_failed_batches_total', 'counter', 'Batches the store failed.', [` ${s.failedBatches}`]),
        metric('upto_events_failed_total', 'counter', 'Events lost in failed batches.', [` ${s.failedEvents}`]),
        metric('upto_ingest_queue_length', 'gauge', 'Events waiting to be stored.', [` ${s.queueLength}`]),
        metric('upto_events_dropped_total', 'counter', 'Accepted events not queued, the queue full or the store taking no writes (HTTP got 503).', byReason(s.dropped)),
        metric('upto_store_healthy', 'gauge', '1 while the store takes writes; 0 while events are refused (a write failed, or the disk is nearly full).', [` ${s.storeHealthy ? 1 : 0}`]),
        metric('upto_http_busy_total', 'counter', 'HTTP requests answered 503 before their body was read: the bodies being read held --max-body-bytes-in-flight.',
          (Object.keys(s.busy) as BusyReason[]).map((r) => `{reason="${r}"} ${s.busy[r]}`)),
        metric('upto_live_streams', 'gauge', 'Live-update streams (/api/changes) open.', [` ${s.liveStreams}`]),
        metric('upto_live_streams_dropped_total', 'counter', 'Live-update streams ended because the client did not keep up (slow), or refused beyond --max-streams (too_many).',
          (Object.keys(s.streamsDropped) as StreamDropReason[]).map((r) => `{reason="${r}"} ${s.streamsDropped[r]}`)),
        s.kernelDrops === undefined
          ? ''
          : metric('upto_udp_kernel_drops_total', 'counter', 'Datagrams the kernel dropped for the UDP socket: its receive buffer was full.', [` ${s.kernelDrops}`]),
        ...sinkMetrics(s.sinks),
        ...[...counters].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, { help, counts }]) =>
          metric(`upto_${name}_total`, 'counter', help, [...counts].sort().map(([reason, n]) => `${reason === '' ? '' : `{reason="${label(reason)}"}`} ${n}`))),
        ...[...gauges].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, { help, read }]) =>
          metric(`upto_${name}`, 'gauge', help, read().map(({ labels, value }) => {
            const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}="${label(v)}"`)
            return `${pairs.length === 0 ? '' : `{${pairs.join(',')}}`} ${value}`
          }))),
      ].join('')
    },
  }
}

function sinkMetrics(sinks: Record<string, SinkCounts>): string[] {
  const names = Object.keys(sinks).sort()
  if (names.length === 0) return []
  const each = (pick: (c: SinkCounts) => number) => names.map((n) => `{sink="${label(n)}"} ${pick(sinks[n]!)}`)
  return [
    metric('upto_sink_forwarded_total', 'counter', 'Stored messages a sink took.', each((c) => c.forwarded)),
    metric('upto_sink_failures_total', 'counter', 'Writes to a sink that failed (they are retried with back-off).', each((c) => c.failures)),
    metric('upto_sink_dropped_total', 'counter', 'Messages not forwarded: the sink\'s queue was full, or held them at shutdown.', each((c) => c.dropped)),
    metric('upto_sink_queue_length', 'gauge', 'Messages waiting for a sink.', each((c) => c.queued)),
  ]
}

/** A label value as the Prometheus text format writes it (a source's name comes from the configuration). */
function label(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
}

function metric(name: string, type: 'counter' | 'gauge', help: string, samples: string[]): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${samples.map((s) => `${name}${s}\n`).join('')}`
}
