// The one way CDEvents come in, from every route and source: normalised, validated against their spec version's
// schema, recognised as duplicates by cdviz's key, mapped onto upto's events, made durable, then handed to the
// listeners (the sinks' feed). Batches are placed one at a time (what is new, where it goes), so two requests
// carrying one event keep it once; their writes overlap.
//
// Order of the writes: the mapped upto events first (each with an id, so a retry after a failure is stored once),
// then the lake. A crash between them leaves the event unknown to the lake, and its resend is taken again.

import { checkEvent, isRefused } from '../../core/validate.ts'
import type { Incoming } from '../../core/types.ts'
import type { Ingest } from '../../pipeline/ingest.ts'
import { contentId } from './content-id.ts'
import { duplicateKey, type Accepted } from './model/cdevent.ts'
import { mapEvent, placementsNeeded, type Placement, type PlacementKey } from './model/mapping.ts'
import { normalise } from './model/normalise.ts'
import type { CdeventLake } from './store.ts'
import { createValidator, isRefusal, type CdeventRefusalReason } from './validate.ts'

export type IntakeRefusalReason = CdeventRefusalReason | 'not_a_cloudevent'

export interface IntakeRefusal {
  index: number
  reason: IntakeRefusalReason
  detail: string
}

export interface IntakeResult {
  accepted: number
  duplicates: number
  refused: IntakeRefusal[]
}

export type IntakeItem = { value: unknown } | { refused: IntakeRefusalReason; detail: string }

export interface IntakeMeta {
  received: number
  /** The source's name: the context.source of events that name none. */
  sourceName: string
}

/** Told each batch of newly accepted CDEvents once durable (the sinks). Must not throw. */
export type AcceptedListener = (events: readonly Accepted[]) => void

export interface Intake {
  accept(items: readonly IntakeItem[], meta: IntakeMeta): Promise<IntakeResult>
  /** Listens to what is accepted from now on; answers how to stop. */
  onAccepted(listener: AcceptedListener): () => void
}

export interface IntakeDeps {
  lake: CdeventLake
  ingest: Pick<Ingest, 'submit'>
  /** Counts CDEvents by outcome: accepted, duplicate, or the refusal's reason. */
  count: (outcome: string, n?: number) => void
  /** Mapped upto events the core refused (a name too long, …): the CDEvent is kept all the same. */
  unmapped?: (detail: string) => void
}

export function createIntake({ lake, ingest, count, unmapped }: IntakeDeps): Intake {
  const validator = createValidator()
  const listeners = new Set<AcceptedListener>()
  let tail: Promise<unknown> = Promise.resolve()

  /** Normalises and validates: no state read, so it runs while the batch before is being written. */
  function check(items: readonly IntakeItem[], { received, sourceName }: IntakeMeta) {
    const refused: IntakeRefusal[] = []
    const fresh: Accepted[] = []
    const inBatch = new Set<string>()
    let duplicates = 0
    items.forEach((item, index) => {
      if ('refused' in item) {
        refused.push({ index, reason: item.refused, detail: item.detail })
        return
      }
      const checked = validator.check(normalise(item.value, { received, sourceName, contentId }), received)
      if (isRefusal(checked)) refused.push({ index, ...checked })
      else if (inBatch.has(duplicateKey(checked))) duplicates++
      else {
        inBatch.add(duplicateKey(checked))
        fresh.push(checked)
      }
    })
    return { refused, fresh, duplicates }
  }

  /** Events and placements being written: known to the batches after them before the lake has them. */
  const writing = new Map<string, Promise<void>>()
  const placing = new Map<PlacementKey, Placement>()

  /**
   * One batch at a time: what is new (not in the lake, not being written) and where it goes. The writes then run
   * outside, so the next batch is placed while this one is made durable, and the ingest commits them together.
   */
  async function place({ fresh, duplicates: inBatch }: ReturnType<typeof check>, received: number) {
    let duplicates = inBatch
    const known = fresh.length === 0 ? new Set<string>() : await lake.known(fresh)
    const waits: Promise<void>[] = []
    const kept = fresh.filter((a) => {
      const key = duplicateKey(a)
      const pending = writing.get(key)
      if (pending !== undefined) waits.push(pending)
      return !known.has(key) && pending === undefined
    })
    duplicates += fresh.length - kept.length

    const needed = [...new Set(kept.flatMap(placementsNeeded))]
    const places = new Map<PlacementKey, Placement>(needed.length === 0 ? [] : await lake.placements(needed.filter((k) => !placing.has(k))))
    for (const k of needed) if (placing.has(k)) places.set(k, placing.get(k)!)
    const placed: Array<[PlacementKey, Placement]> = []
    const events: Incoming[] = []
    // parents before children when they come together: runs in their time order
    for (const a of [...kept].sort((x, y) => x.timestamp - y.timestamp)) {
      const mapped = mapEvent(a, places)
      for (const [k, p] of mapped.placed) {
        places.set(k, p)
        placed.push([k, p])
      }
      for (const e of mapped.events) {
        const checked = checkEvent({ type: e.kind, context: e.context, name: e.name, host: e.host, time: e.time, timeline: e.timeline, status: e.status, message: e.message, attrs: e.attrs, id: e.id }, received)
        if (isRefused(checked)) unmapped?.(`${a.event.context.type} ${a.event.subject.id}: ${checked.detail}`)
        else events.push(checked)
      }
    }
    const written = (async () => {
      if (events.length > 0) await ingest.submit(events)
      if (kept.length > 0 || placed.length > 0) await lake.add(kept, placed)
    })()
    const settled = written.catch(() => {}).then(() => {
      for (const a of kept) if (writing.get(duplicateKey(a)) === written) writing.delete(duplicateKey(a))
      for (const [k, p] of placed) if (placing.get(k) === p) placing.delete(k)
    })
    for (const a of kept) writing.set(duplicateKey(a), written)
    for (const [k, p] of placed) placing.set(k, p)
    return { kept, duplicates, waits, written, settled }
  }

  async function finish(refused: IntakeRefusal[], placed: Awaited<ReturnType<typeof place>>): Promise<IntakeResult> {
    const { kept, duplicates, waits, written, settled } = placed
    await written.finally(() => settled)
    // a duplicate of an event still being written is acknowledged once that one is durable, and fails with it
    await Promise.all(waits)
    if (kept.length > 0) count('accepted', kept.length)
    if (duplicates > 0) count('duplicate', duplicates)
    for (const r of refused) count(r.reason)
    if (kept.length > 0) for (const listener of listeners) listener(kept)
    return { accepted: kept.length, duplicates, refused }
  }

  return {
    accept(items, meta) {
      const checked = check(items, meta)
      const placed = tail.then(() => place(checked, meta.received))
      tail = placed.catch(() => {})
      return placed.then((p) => finish(checked.refused, p))
    },
    onAccepted(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
