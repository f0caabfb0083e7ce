// What `upto ls` and `upto gantt` read: the collector over HTTP, or a data folder directly.

import type { Timeline, TimelineSummary } from '../core/types.ts'

export interface ContextItem {
  name: string
  timelines: number
  newest?: TimelineSummary
}

export interface Reader {
  contexts(): Promise<ContextItem[]>
  /** Newest first; undefined when the context is unknown. */
  timelines(context: string, limit: number): Promise<TimelineSummary[] | undefined>
  /** `latest` names the newest; undefined when the context or timeline is unknown. */
  timeline(context: string, id: string): Promise<Timeline | undefined>
  close(): Promise<void>
}
