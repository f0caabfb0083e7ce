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

export function isPlacingStore(store: Store): store is PlacingStore {
  return typeof (store as Partial<PlacingStore>).createPlacer === 'function'
}
