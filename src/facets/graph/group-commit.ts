// Writes that arrive while one is under way wait and go together in the next: one durable write (an fsync, a
// commit) for many small submits, and one writer at a time, so a read-modify-write of a bucket sees the last sum.

export interface GroupCommit<T> {
  /** Resolves once the batch holding `item` was written. */
  add(item: T): Promise<void>
  /** Runs `work` between two batches, alone (retention). */
  exclusive<R>(work: () => Promise<R>): Promise<R>
}

export function groupCommit<T>(write: (items: T[]) => Promise<void>): GroupCommit<T> {
  type Waiting = { item: T; done: () => void; failed: (error: unknown) => void }
  let waiting: Waiting[] = []
  let turn: Promise<unknown> = Promise.resolve()
  let scheduled = false

  const run = <R>(work: () => Promise<R>): Promise<R> => {
    const result = turn.then(work)
    turn = result.catch(() => {})
    return result
  }

  async function flush(): Promise<void> {
    scheduled = false
    const batch = waiting
    waiting = []
    try {
      await write(batch.map((w) => w.item))
      for (const w of batch) w.done()
    } catch (error) {
      for (const w of batch) w.failed(error)
    }
  }

  return {
    add: (item) => new Promise<void>((done, failed) => {
      waiting.push({ item, done, failed })
      // one flush queued at a time: everything added before it starts goes in it
      if (!scheduled) {
        scheduled = true
        void run(flush)
      }
    }),
    exclusive: run,
  }
}
