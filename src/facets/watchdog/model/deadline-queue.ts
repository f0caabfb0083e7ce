// Services by the time their state next changes, earliest first, so that one timer on the earliest deadline
// serves 10,000 services. A ping moves a service to the back (its deadline is the latest), which a Map's
// insertion order keeps in O(1); a deadline earlier than the back's (rare: a late timer, a restart) re-sorts.

export class DeadlineQueue {
  private entries = new Map<string, number>()
  private back = -Infinity
  private sorted = true

  get size(): number {
    return this.entries.size
  }

  set(gid: string, at: number): void {
    this.entries.delete(gid)
    this.entries.set(gid, at)
    if (at < this.back) this.sorted = false
    else this.back = at
  }

  delete(gid: string): void {
    this.entries.delete(gid)
  }

  /** The earliest deadline and its service, or undefined when empty. */
  first(): [gid: string, at: number] | undefined {
    if (!this.sorted) {
      this.entries = new Map([...this.entries].sort((a, b) => a[1] - b[1]))
      this.sorted = true
    }
    const first = this.entries.entries().next()
    return first.done === true ? undefined : first.value
  }
}
