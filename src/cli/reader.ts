// What `upto ls` and `upto gantt` read: the collector over HTTP, or a data folder directly.

import type { Timeline, TimelineSummary } from '../core/types.ts'

export interface ContextItem {
  name: string
  timelines: number
  newest?: TimelineSummary
}

export interface ContextsQuery {
  limit: number
  after?: string | undefined
  prefix?: string | undefined
}

export interface Reader {
  /** One page of contexts by name; `next` is the `after` of the page that follows. */
  contexts(query: ContextsQuery): Promise<{ items: ContextItem[]; next?: string | undefined }>
  /** Newest first; undefined when the context is unknown. */
  timelines(context: string, limit: number): Promise<TimelineSummary[] | undefined>
  /** `latest` names the newest; undefined when the context or timeline is unknown. */
  timeline(context: string, id: string): Promise<Timeline | undefined>
  close(): Promise<void>
}
