// The changes waiting to be written to one live-update stream, one per timeline. Kept by context, then
// timeline: the Change objects are the feed's, shared by every stream, and no key string is built per
// stream, so a waiting change costs a map entry or two.

import type { Change } from './change-feed.ts'

export class PendingChanges {
  private byContext = new Map<string, Map<string, Change>>()
  size = 0

  add(change: Change): void {
    let timelines = this.byContext.get(change.context)
    if (timelines === undefined) this.byContext.set(change.context, (timelines = new Map()))
    const before = timelines.get(change.timeline)
    if (before === undefined) this.size++
    // a timeline created by an earlier batch stays "created" until it is written
    timelines.set(change.timeline, before?.created ? { ...change, created: true } : change)
  }

  /** Every waiting change, in the order first added by context; empties the set. */
  take(): Change[] {
    const out: Change[] = []
    for (const timelines of this.byContext.values()) for (const change of timelines.values()) out.push(change)
    this.clear()
    return out
  }

  clear(): void {
    this.byContext = new Map()
    this.size = 0
  }
}
