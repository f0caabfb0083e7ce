// Copies one store into another (`upto migrate`): every timeline of every context, oldest first so
// the target keeps their order and each context's newest, each with all its messages in append order.
// Timelines go over in batches; a timeline is never split, so each is in the target whole or not at
// all. A timeline the target already has with as many messages was copied by an earlier, interrupted
// run and is skipped; with a different count it is another store's, and the copy stops.

import { UptoError } from '../core/errors.ts'
import type { Stored, TimelineInfo } from '../core/types.ts'
import type { Store } from './types.ts'

export interface CopyProgress {
  contexts: number
  /** Timelines in the source. */
  total: number
  /** Timelines done: copied or skipped. */
  timelines: number
  messages: number
  /** Timelines the target had already, whole. */
  skipped: number
}

export class CopyConflictError extends UptoError {
  override name = 'CopyConflictError'

  constructor(message: string) {
    super('conflict', message)
  }
}

const pageSize = 1_000

export async function copyStore(
  from: Store,
  to: Store,
  report: (progress: CopyProgress) => void = () => {},
  batchMessages = 5_000,
): Promise<CopyProgress> {
  const contexts = await from.contexts()
  const progress: CopyProgress = {
    contexts: contexts.length,
    total: contexts.reduce((n, c) => n + c.timelines, 0),
    timelines: 0,
    messages: 0,
    skipped: 0,
  }
  for (const { name } of contexts) {
    const there = new Set((await allTimelines(to, name)).map((t) => t.id))
    let batch: { messages: Stored[]; created: TimelineInfo[] } = { messages: [], created: [] }
    const flush = async () => {
      if (batch.created.length === 0) return
      await to.append(batch.messages, batch.created)
      progress.timelines += batch.created.length
      progress.messages += batch.messages.length
      batch = { messages: [], created: [] }
      report(progress)
    }
    for (const info of (await allTimelines(from, name)).reverse()) {
      const messages = await from.messages(name, info.id)
      if (there.has(info.id)) {
        const count = (await to.messages(name, info.id)).length
        if (count !== messages.length) {
          throw new CopyConflictError(
            `timeline ${info.id} of context ${name} is already in the target with ${count} messages ` +
              `(the source has ${messages.length}): copy into an empty store or schema`,
          )
        }
        progress.skipped++
        progress.timelines++
        continue
      }
      if (batch.messages.length > 0 && batch.messages.length + messages.length > batchMessages) await flush()
      batch.created.push(info)
      for (const m of messages) batch.messages.push(m)
    }
    await flush()
  }
  return progress
}

/** Every timeline of a context, newest first. */
async function allTimelines(store: Store, context: string): Promise<TimelineInfo[]> {
  const all: TimelineInfo[] = []
  let before: string | undefined
  do {
    const page = await store.timelines(context, { limit: pageSize, ...(before === undefined ? {} : { before }) })
    all.push(...page.items)
    before = page.next
  } while (before !== undefined)
  return all
}
