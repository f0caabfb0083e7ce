import type { ContextInfo, Incoming, Millis, Stored, TimelineInfo } from '../core/types.ts'

export interface AppendOptions {
  /**
   * Resolve only once the batch is on disk (fsync; PostgreSQL: synchronous_commit on), so it survives a
   * crash of the machine, not only of the collector. The ingest queue asks it for batches someone waits
   * to be acknowledged (HTTP); a store may sync every batch anyway.
   */
  sync?: boolean
}

export interface ContextPageOptions {
  /** Most contexts in the page; a whole number of 1 or more, 100 by default. */
  limit?: number
  /** Only contexts whose name comes after this one (the `next` of the page before). */
  after?: string
  /** Only contexts whose name starts with this. */
  prefix?: string
}

export interface ContextPage {
  /** By name, in code point order (UTF-8 byte order). */
  items: ContextInfo[]
  /** Pass as `after` to get the next page; absent on the last page. */
  next?: string
}

export interface TimelinePage {
  /** Newest first. */
  items: TimelineInfo[]
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  next?: string
}

/**
 * Where accepted messages live. Append-only: nothing is updated or deleted by ingest; only retention
 * (deleteTimelinesBefore) removes whole timelines.
 * Every implementation passes test/store/contract.ts.
 */
export interface Store {
  /**
   * Appends accepted messages and records the timelines they create, in one durable batch.
   * Resolves once everything is durable. `created` lists timelines new in this batch, oldest first.
   */
  append(messages: readonly Stored[], created: readonly TimelineInfo[], options?: AppendOptions): Promise<void>
  /** Every context, by name. */
  contexts(): Promise<ContextInfo[]>
  /** One page of contexts by name: what the pages, the API and `upto ls` show of a store with many. */
  contextPage(options?: ContextPageOptions): Promise<ContextPage>
  /** A context's timelines, newest first; `before` is a timeline id from a previous page. */
  timelines(context: string, options?: { limit?: number; before?: string }): Promise<TimelinePage>
  /** The newest timeline of a context, or undefined when it has none. */
  newest(context: string): Promise<TimelineInfo | undefined>
  /** One timeline, or undefined when unknown. */
  timeline(context: string, id: string): Promise<TimelineInfo | undefined>
  /** Every message of one timeline, in the order they were appended. Reads an index, never scans the store. */
  messages(context: string, timeline: string): Promise<Stored[]>
  /**
   * Retention: removes up to `limit` timelines created before `cutoff`, oldest first, with all their messages,
   * and answers those removed (fewer than `limit`: none is left). The newest timeline of a context is never
   * removed, whatever its age: events that name no timeline join it. Runs beside appends without blocking
   * them for longer than one small batch; the ingest queue calls it between two appends (Ingest.between).
   */
  deleteTimelinesBefore(cutoff: Millis, limit: number): Promise<TimelineInfo[]>
  /**
   * After a failed append: makes the store able to write again (LevelDB reopens its database) and proves it
   * with a synced write read back; rejects while it cannot. Until it resolves, appends keep failing.
   * Stores whose failed appends leave nothing behind (PostgreSQL's transactions) need not have it.
   */
  recover?(): Promise<void>
  close(): Promise<void>
}

// ---- Optional capabilities: a store has them or not; the ingest asks with the guards below ----

/** Events that arrived together (one datagram or request), with their receive time. */
export interface Chunk {
  events: Incoming[]
  received: Millis
}

/** A batch placed in its timelines, before append(): commit it with append(), or undo() it when that failed. */
export interface PlacedBatch {
  messages: Stored[]
  /** Timelines the batch creates, oldest first. */
  created: TimelineInfo[]
  /** Forgets what this batch created (a placing store rolls its transaction back). */
  undo(): void
}

export interface Placer {
  place(chunks: readonly Chunk[]): Promise<PlacedBatch>
}

/**
 * A store that several collectors share (PostgreSQL): a cache of each context's newest timeline would go stale,
 * so it places each batch itself, inside its write transaction, holding the writer until append() or undo().
 */
export interface PlacingStore extends Store {
  createPlacer(): Placer
}

/** A store that says which of many timelines exist in one read (LevelDB's getMany), not one read each. */
export interface ExistingTimelines extends Store {
  existing(context: string, ids: readonly string[]): Promise<Set<string>>
}

/**
 * A store that hands over a timeline's messages still packed, as its records (LevelDB's values), for another
 * thread to unpack (level-record.ts, unpackRecords): a big chart is drawn off the collector's thread.
 */
export interface PackedMessages extends Store {
  packedMessages(context: string, timeline: string): Promise<Uint8Array[]>
}

export function hasPackedMessages(store: Store): store is PackedMessages {
  return typeof (store as Partial<PackedMessages>).packedMessages === 'function'
}

export function hasExisting(store: Store): store is ExistingTimelines {
  return typeof (store as Partial<ExistingTimelines>).existing === 'function'
}

export function isPlacingStore(store: Store): store is PlacingStore {
  return typeof (store as Partial<PlacingStore>).createPlacer === 'function'
}

// ---- Facet state: what a facet keeps beyond event messages, in the event store's own database ----

/**
 * A store that holds facets' state beside the events: LevelDB in its folder, PostgreSQL in its schema, the memory
 * store in memory. Each facet declares its own small store interface (edge counts, service states, …) over the
 * backend it is given, with one implementation per kind, run through one contract suite.
 */
export interface StateStore extends Store {
  /** The facet's own state, kept apart from every other facet's. */
  state(facet: string): StateBackend
}

export function isStateStore(store: Store): store is StateStore {
  return typeof (store as Partial<StateStore>).state === 'function'
}

export type StateBackend = KeyState | SqlState

/** A facet's key space in the store's LevelDB (or in memory): ordered string keys, values anything JSON holds. */
export interface KeyState {
  kind: 'keys'
  get<T>(key: string): Promise<T | undefined>
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>
  /** Puts and deletes in one atomic batch, durable when it resolves (`sync`: on disk, as for append()). */
  write(ops: readonly KeyOp[], options?: AppendOptions): Promise<void>
  /** Entries in key order (UTF-8 byte order), or in reverse, within a range. */
  entries<T>(range?: KeyRange): Promise<Array<[key: string, value: T]>>
}

export type KeyOp = { put: string; value: unknown } | { del: string }

export interface KeyRange {
  /** Only keys that start with this; the bounds below narrow it further. */
  prefix?: string
  gt?: string
  gte?: string
  lt?: string
  lte?: string
  reverse?: boolean
  limit?: number
}

/**
 * A facet's tables in the store's PostgreSQL schema, named `<facet>_<table>` and created by its own numbered
 * migrations (recorded in `facet_migrations`), so several collectors sharing the database share the state.
 */
export interface SqlState {
  kind: 'sql'
  /** The schema, quoted for statement text: `${schema}.graph_edges`. */
  schema: string
  /** Applies the migrations not applied yet, waiting for any other collector doing the same. Call once at start. */
  migrate(migrations: readonly SqlMigration[]): Promise<void>
  query<R extends object = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (query: SqlState['query']) => Promise<T>): Promise<T>
}

export interface SqlMigration {
  /** 1, 2, …: append new ones at the end, never edit one that was released. */
  version: number
  name: string
  /** The statements, given the quoted schema. */
  sql(schema: string): string
}
