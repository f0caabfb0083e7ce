import type { ContextInfo, Stored, TimelineInfo } from '../core/types.ts'

export interface TimelinePage {
  /** Newest first. */
  items: TimelineInfo[]
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  next?: string
}

/**
 * Where accepted messages live. Append-only: nothing is updated or deleted by ingest.
 * Every implementation passes test/store/contract.ts.
 */
export interface Store {
  /**
   * Appends accepted messages and records the timelines they create, in one durable batch.
   * Resolves once everything is durable. `created` lists timelines new in this batch, oldest first.
   */
  append(messages: readonly Stored[], created: readonly TimelineInfo[]): Promise<void>
  /** Every context, by name. */
  contexts(): Promise<ContextInfo[]>
  /** A context's timelines, newest first; `before` is a timeline id from a previous page. */
  timelines(context: string, options?: { limit?: number; before?: string }): Promise<TimelinePage>
  /** The newest timeline of a context, or undefined when it has none. */
  newest(context: string): Promise<TimelineInfo | undefined>
  /** One timeline, or undefined when unknown. */
  timeline(context: string, id: string): Promise<TimelineInfo | undefined>
  /** Every message of one timeline, in the order they were appended. Reads an index, never scans the store. */
  messages(context: string, timeline: string): Promise<Stored[]>
  close(): Promise<void>
}
