// What retention removed, for facets that keep something of those timelines (the payloads' index): they hear each
// step's timelines once they are gone from the store. Nothing is kept while nobody listens.

import type { TimelineInfo } from '../core/types.ts'

export type RemovalListener = (timelines: readonly TimelineInfo[]) => void

export interface Removals {
  publish(timelines: readonly TimelineInfo[]): void
  /** Hears the removals; returns the unsubscribe. */
  subscribe(listener: RemovalListener): () => void
}

export function createRemovals(onError: (error: unknown) => void = () => {}): Removals {
  const listeners = new Set<RemovalListener>()
  return {
    publish(timelines) {
      if (timelines.length === 0) return
      for (const listener of listeners) {
        try {
          listener(timelines)
        } catch (error) {
          onError(error)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
