// Facets: the capabilities upto is made of (timelines, analysis, exchange, …). A facet brings its commands, its
// routes and pages, its message formats and its background tasks, registered through this one interface in
// facets/index.ts. A facet imports core, codecs, http, the pipeline and store types — never another facet.

import type { Command } from 'commander'
import type { Hono } from 'hono'
import type { Io } from '../cli/io.ts'
import type { OpenWrites } from '../http/open-writes.ts'
import type { Settings } from '../config/settings.ts'
import type { ChangeFeed } from '../pipeline/change-feed.ts'
import type { Format } from '../pipeline/formats.ts'
import type { Removals } from '../pipeline/removals.ts'
import type { Ingest } from '../pipeline/ingest.ts'
import type { Logger } from '../pipeline/log.ts'
import type { Metrics } from '../pipeline/metrics.ts'
import type { StateBackend, Store } from '../store/types.ts'
import type { FeedItem } from '../sinks/types.ts'

export interface Facet {
  name: string
  /** Adds its commands to the CLI; each command loads its code only when it runs. */
  commands?(program: Command, io: Io): void
  /**
   * Its keys in the collector's configuration (the top of upto.toml, UPTO__KEY, `upto serve --KEY`), each named
   * after the facet: `payloads_request_id_length`.
   */
  settings?: Settings
  /** Loads what it adds to the collector, given its keys' values: only the collector calls it, so the CLI never loads a server. */
  collector?(settings: Readonly<Record<string, unknown>>): Promise<CollectorFacet>
}

export interface CollectorFacet {
  /** Message formats any source can be configured with (`format = "…"`). */
  formats?: readonly Format[]
  /** The stylesheets its pages carry inline: the Content-Security-Policy allows exactly these. */
  styles?: readonly string[]
  /**
   * Makes its state ready in the store's database before any route or task runs: its PostgreSQL tables
   * (`state.migrate(…)`); a key space needs nothing. Called once by each collector at start.
   */
  prepare?(state: StateBackend): Promise<void>
  /** Its write paths that some networks may call without --token, for clients that cannot send one. */
  openWrites?: readonly OpenWrites[]
  /** Adds its routes to the collector's app. */
  routes?(app: Hono, context: FacetContext): void
  /** Starts its background work; stopped before the ingest queue is written out and the store closed. */
  start?(context: FacetContext): Promise<{ close(): Promise<void> }>
}

/** A facet's collector part, loaded, with the name its state is kept under. */
export type LoadedFacet = CollectorFacet & { name: string }

export interface FacetContext {
  store: Store
  ingest: Ingest
  metrics: Metrics
  log: Logger
  now: () => number
  /** What the ingest made durable, for live updates. */
  changes: ChangeFeed
  /** What retention removed (--retain), for a facet that keeps something of those timelines. */
  removals?: Removals
  /** --allow-origin: the other sites whose pages may call the collector (and be answered with CORS headers). */
  allowOrigins?: readonly string[]
  /** --retain: how long timelines are kept, for a facet that keeps something alongside; undefined: for ever. */
  retainMs?: number
  /** --max-streams: most live-update streams open at once. */
  maxStreams?: number
  /** --stale: after how long a step with no end is stale, not running (core/stale.ts); else each step's limit learned from earlier runs. */
  staleMs?: number
  /** Forwards items of this facet's feed to the sinks configured with `feed = NAME`; absent: no sink wants any. */
  feed?: (name: string, items: readonly FeedItem[]) => void
  /**
   * This facet's own state in the store's database (a key space on LevelDB and in memory, tables on PostgreSQL),
   * read through the facet's own store interface; undefined when the store keeps none (a store made for a test).
   */
  state?: StateBackend
}
