// What the collector and its drawing thread say to each other (draw-thread.ts, thread.ts). A chart is drawn
// a part at a time, each when the collector asks for more (the client has taken what came before), so a
// page of 50 MB never lies whole in memory on either side.

import type { Millis, TimelineInfo } from '../../../core/types.ts'

/** The Gantt fragment of the page (and of ?part=chart), or the SVG alone. */
export type ChartKind = 'fragment' | 'svg'

export interface DrawRequest {
  kind: ChartKind
  info: TimelineInfo
  now: Millis
  staleMs?: Millis
}

export type ToThread =
  /** Draw a timeline from its records (the store's packed messages), handed over. */
  | { type: 'draw'; id: number; request: DrawRequest; records: Uint8Array[] }
  /** The next part of drawing `id`. */
  | { type: 'more'; id: number }
  /** The client went away: stop drawing `id`. */
  | { type: 'cancel'; id: number }
  /** The store's answer to question `ask`. */
  | { type: 'answer'; ask: number; value?: unknown; error?: string }

export type FromThread =
  /** Loaded, taking requests. */
  | { type: 'ready' }
  /** The next part of drawing `id`; `done` on the last. */
  | { type: 'part'; id: number; bytes: Uint8Array; done: boolean }
  | { type: 'failed'; id: number; message: string }
  /** A question for the store: earlier runs, to learn the stale limits of a run's steps from. */
  | { type: 'ask'; ask: number; question: Question }

export type Question =
  | { call: 'timelines'; context: string; limit: number }
  | { call: 'records'; context: string; timeline: string }
