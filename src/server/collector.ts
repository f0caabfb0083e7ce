// `upto serve`: the store, the ingest queue, the facets' routes, UDP, HTTP and the configured sources and sinks,
// started together and stopped in order.
//
// Ports: HTTP listens on `httpPort ?? port ?? 8123`, UDP on `udpPort ?? port ?? 8123` (TCP and UDP
// share the number, as the original upto). When both ask for port 0 (tests), HTTP takes a free port
// first and UDP tries the same number; if that is taken for UDP it takes its own free port. The
// answer says which ports were bound.

import { statfs } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Worker } from 'node:worker_threads'
import type { SizeFloor } from '../core/byte-size.ts'
import { formatDuration } from '../core/format.ts'
import { createIngest } from '../pipeline/ingest.ts'
import { createMetrics } from '../pipeline/metrics.ts'
import { type DiskSpace, createStoreHealth } from '../pipeline/store-health.ts'
import { createDelivery } from '../pipeline/deliver.ts'
import { createFormats, uptoFormat } from '../pipeline/formats.ts'
import { type UdpReceiver, listenUdp, startUdpReader } from '../sources/udp/udp.ts'
import { type ConfiguredSource, type RunningSources, startSources } from '../sources/start.ts'
import { type ConfiguredSink, startSinks } from '../sinks/start.ts'
import { openLevelStore } from '../store/level.ts'
import type { Store } from '../store/types.ts'
import { collectorParts, createApp, prepareFacets, withState } from './app.ts'
import type { Facet, LoadedFacet } from '../facets/types.ts'
import { createChangeFeed } from '../pipeline/change-feed.ts'
import { createRemovals } from '../pipeline/removals.ts'
import { describeExposure } from './exposure.ts'
import { type HttpListener, type HttpTimeouts, listenHttp } from '../http/http-listen.ts'
import { ListenError } from '../core/errors.ts'
import type { RequestOriginRules } from '../http/request-origin.ts'
import { type Logger, createLogger, errorMessage } from '../pipeline/log.ts'
import { type Retention, startRetention } from '../pipeline/retention.ts'

export const defaultPort = 8123
export const defaultHost = '127.0.0.1'

export interface CollectorOptions {
  /** Default 127.0.0.1; '0.0.0.0' or '::' to hear other machines. */
  host?: string
  /** TCP and UDP, default 8123. */
  port?: number
  udpPort?: number
  httpPort?: number
  /** The LevelDB folder; needed unless `storeUrl` or `store` is given. */
  data?: string
  /** A postgres:// URL: the store several collectors can share (loads `pg` only then). */
  storeUrl?: string
  /** A store to use instead of opening `data`; the caller closes it. */
  store?: Store
  /** Where log lines go (`upto serve`: stderr). */
  log: (line: string) => void
  now?: () => number
  /** How long each step of close() may take before it is given up on; default 5 s. */
  closeTimeout?: number
  /** HTTP writes need `Authorization: Bearer` with it (auth.ts); the write token reads too. */
  token?: string | undefined
  /** HTTP reads (API, pages, SSE, metrics) need it or the write token. */
  readToken?: string | undefined
  /** Only UDP datagrams signed with it (HMAC-SHA256, proto/udp-signature.md) are accepted. */
  udpKey?: string | undefined
  /**
   * When a batch is fsynced before it counts as stored: 'acknowledged' (default) the batches holding HTTP
   * events, whose answer then means on disk; 'always' every batch, UDP too; 'never' none (a batch still
   * reaches the OS before it is acknowledged: it survives kill -9 of the collector, not a power cut).
   */
  sync?: 'acknowledged' | 'always' | 'never'
  /** Most events waiting in the ingest queue; beyond it UDP drops (counted) and HTTP answers 503. */
  maxQueue?: number
  /** --retain: timelines created longer ago than this (milliseconds) are removed in the background. */
  retainMs?: number
  /**
   * --min-free: below this much free space on the data folder's disk, events are refused (503, UDP counted)
   * before a write can fail; default the smaller of 256 MB and 5% of the disk. `{ bytes: 0 }` turns it off.
   */
  minFree?: SizeFloor
  /** Milliseconds between two checks of the store's health and free space; default 1 s. */
  healthInterval?: number
  /** --stale: after how long a step with no end is shown stale, not running (core/stale.ts); an hour by default. */
  staleMs?: number
  /** --max-streams: most live-update streams (GET /api/changes) open at once; default 1,000. */
  maxStreams?: number
  /** Shorter header and request time limits than limits.ts's, for tests. */
  httpTimeouts?: HttpTimeouts
  /** --max-body-bytes-in-flight: the request bodies all connections may hold at once; default 64 MiB. */
  maxBodyBytesInFlight?: number
  /** The host names of --public-url, and the origins of --allow-origin (request-origin.ts). */
  origins?: RequestOriginRules
  /** The `[sources.NAME]` sections of the configuration, checked against their types' Settings; udp and http are not among them. */
  sources?: readonly ConfiguredSource[]
  /** The `[sinks.NAME]` sections of the configuration. */
  sinks?: readonly ConfiguredSink[]
  /** The facets it runs; every registered one (facets/index.ts) by default. */
  facets?: readonly Facet[]
  /** The values of the facets' own keys (Facet.settings), by key. */
  facetSettings?: Readonly<Record<string, unknown>>
}

export interface Collector {
  udpPort: number
  httpPort: number
  host: string
  close(): Promise<void>
}

export async function startCollector(options: CollectorOptions): Promise<Collector> {
  // the UDP reader thread boots while the store opens: it listens by the time HTTP answers
  const udpReader = startUdpReader()
  try {
    return await startWith(options, udpReader)
  } catch (error) {
    void udpReader.terminate()
    throw error
  }
}

async function startWith(options: CollectorOptions, udpReader: Worker): Promise<Collector> {
  const host = options.host ?? defaultHost
  const now = options.now ?? Date.now
  const log = createLogger({ sink: options.log, now })
  const timeout = options.closeTimeout ?? 5_000
  const parts = await collectorParts(options.facets, options.facetSettings)
  const formats = createFormats([uptoFormat, ...parts.flatMap((part) => part.formats ?? [])])
  const ownStore = options.store === undefined
  const store = options.store ?? (await openStore(options, log))
  try {
    await prepareFacets(parts, store)
  } catch (error) {
    if (ownStore) await store.close().catch(() => {})
    throw error
  }
  const metrics = createMetrics()
  const changes = createChangeFeed((e) => log.error(`live update failed: ${errorMessage(e)}`))
  const removals = createRemovals((e) => log.error(`a facet failed to hear of removed timelines: ${errorMessage(e)}`))
  const sinks = startSinks(options.sinks ?? [], { metrics, log, now })
  const folder = options.store === undefined && options.storeUrl === undefined ? options.data : undefined
  const health = createStoreHealth({
    store, log, now,
    ...(folder === undefined ? {} : { space: () => diskSpace(folder) }),
    ...(options.minFree === undefined ? {} : { minFree: options.minFree }),
    ...(options.healthInterval === undefined ? {} : { interval: options.healthInterval }),
  })
  await health.check()
  metrics.storeHealthy(() => health.refusing() === undefined)
  const ingest = createIngest({
    store, metrics, now, log, health, syncAcknowledged: options.sync !== 'never',
    onStored: (messages, created) => {
      changes.publish(messages, created)
      sinks.forward(messages)
    },
    ...(options.maxQueue === undefined ? {} : { maxQueue: options.maxQueue }),
  })
  const { token, readToken, udpKey } = options
  const access = token === undefined && readToken === undefined ? undefined : { write: token, read: readToken }
  const app = createApp({
    parts, store, ingest, metrics, now, log, changes, ...(access ? { access } : {}),
    feed: (name, items) => sinks.feed(name, items),
    ...(options.maxStreams === undefined ? {} : { maxStreams: options.maxStreams }),
    ...(options.staleMs === undefined ? {} : { staleMs: options.staleMs }),
    ...(options.retainMs === undefined ? {} : { retainMs: options.retainMs }),
    ...(options.origins === undefined ? {} : { origins: options.origins }),
    ...(options.maxBodyBytesInFlight === undefined ? {} : { bodyBytesInFlight: options.maxBodyBytesInFlight }),
  })

  let http: HttpListener | undefined
  let udp: UdpReceiver | undefined
  let sources: RunningSources | undefined
  let tasks: FacetTasks | undefined
  try {
    const wantHttp = options.httpPort ?? options.port ?? defaultPort
    const wantUdp = options.udpPort ?? options.port ?? defaultPort
    http = await listenHttp(app.fetch, wantHttp, host, (e) => log.error(`http server: ${errorMessage(e)}`), options.httpTimeouts)
    log.info(`listening on http ${url(host, http.port)} (web UI /, API /api/, metrics /metrics)`)
    const deliver = createDelivery({ source: 'udp', ingest, metrics, log, now })
    const udpOptions = { host, deliver, metrics, log, now, ...(udpKey === undefined ? {} : { key: udpKey }) }
    const sameNumber = wantUdp === 0 && wantHttp === 0
    try {
      udp = await listenUdp({ ...udpOptions, port: sameNumber ? http.port : wantUdp, reader: udpReader })
    } catch (error) {
      if (!sameNumber || !(error instanceof ListenError && error.reason === 'EADDRINUSE')) throw error
      udp = await listenUdp({ ...udpOptions, port: 0 })
    }
    sources = await startSources(options.sources ?? [], { ingest, metrics, log, now, formats, app, ...(options.data === undefined ? {} : { dataDir: options.data }) })
    const retained = options.retainMs === undefined ? {} : { retainMs: options.retainMs }
    tasks = await startFacets(parts, { store, ingest, metrics, log, now, changes, removals, ...retained })
  } catch (error) {
    health.stop()
    await sources?.close()
    await udp?.close()
    http?.server.close()
    await ingest.close()
    await sinks.close()
    if (ownStore) await store.close().catch(() => {})
    throw error
  }

  for (const line of describeExposure({ host, token, readToken, udpKey })) log[line.level](line.text)
  let retention: Retention | undefined
  if (options.retainMs !== undefined) {
    retention = startRetention({ store, ingest, retainMs: options.retainMs, log, now, onRemoved: removals.publish })
    log.info(`retention: timelines created more than ${formatDuration(options.retainMs)} ago are removed in the background`)
  }

  const { server } = http
  const receiver = udp
  const others = sources
  const background = tasks
  const step = (promise: Promise<unknown>, what: string) => bounded(promise, timeout, what, log)
  async function stop(): Promise<void> {
    log.info('stopping: no longer receiving; writing what is queued')
    await step(receiver.close(), 'closing udp')
    await step(others.close(), 'closing the sources')
    const httpClosed = new Promise<void>((done) => server.close(() => done()))
    server.closeIdleConnections()
    changes.close() // ends the pages' event streams, or server.close() would wait for them
    await step(background.close(), 'stopping the facets\' background work')
    if (retention) await step(retention.stop(), 'stopping retention')
    await step(ingest.close(), 'writing the queue')
    await step(sinks.close(), 'forwarding to the sinks')
    health.stop()
    if (!(await step(httpClosed, 'closing http connections'))) server.closeAllConnections()
    log.flush()
    if (ownStore) await step(store.close(), 'closing the store')
    log.info('stopped')
  }

  let closing: Promise<void> | undefined
  return { udpPort: receiver.port, httpPort: http.port, host, close: () => (closing ??= stop()) }
}

interface FacetTasks {
  close(): Promise<void>
}

/** Starts each facet's background work, in order; stopped in reverse. A facet that fails to start stops the others. */
async function startFacets(parts: readonly LoadedFacet[], context: Parameters<typeof withState>[0]): Promise<FacetTasks> {
  const running: Array<{ close(): Promise<void> }> = []
  const close = async () => {
    for (const task of running.reverse()) await task.close()
  }
  try {
    for (const part of parts) if (part.start) running.push(await part.start(withState(context, context.store, part)))
  } catch (error) {
    await close().catch(() => {})
    throw error
  }
  return { close }
}

async function openStore({ data, storeUrl, sync }: CollectorOptions, log: Logger): Promise<Store> {
  if (storeUrl !== undefined) {
    const store = await (await import('../store/postgres.ts')).openPostgresStore(storeUrl, sync === 'always' ? { sync: true } : {})
    log.info(`data in ${store.where}`)
    return store
  }
  if (data === undefined) throw new TypeError('startCollector: give a data folder (data), a storeUrl or a store')
  const store = await openLevelStore(data, { sync: sync === 'always' })
  log.info(`data in ${resolve(data)}`)
  return store
}

async function diskSpace(folder: string): Promise<DiskSpace> {
  const fs = await statfs(folder)
  return { free: fs.bavail * fs.bsize, total: fs.blocks * fs.bsize }
}

/** Waits for a step at most `ms`; says whether it finished. Never throws: close() must go on. */
async function bounded(step: Promise<unknown>, ms: number, what: string, log: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((done) => {
    timer = setTimeout(() => done('late'), ms)
  })
  try {
    if ((await Promise.race([step, late])) !== 'late') return true
    log.warn(`${what} took over ${ms} ms; going on without it`)
    return false
  } catch (error) {
    log.error(`${what} failed: ${errorMessage(error)}`)
    return false
  } finally {
    clearTimeout(timer)
  }
}

function url(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`
}
