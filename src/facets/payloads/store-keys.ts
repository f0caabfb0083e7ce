// The payloads' index in a key space (LevelDB, memory):
//
//   p/<request_id>                              → { record, statuses: the keys of its s/ entries }
//   x/<field>/<value>\0<request_id>             → 1     account, org_id, inventory_id, system_id
//   c/<created_at hex>\0<request_id>            → 1     payloads by the time they were first seen
//   s/<date hex>\0<request_id>\0<n>             → StatusRow
//
// A look-up by one attribute is one range read, then the payloads it names; the other filters, the sorting and
// the count run on those (model/query.ts).

import type { KeyOp, KeyState } from '../../store/types.ts'
import type { Derived, PayloadRecord, StatusRow } from './model/payload.ts'
import { payloadFilters, runPayloadQuery, runStatusQuery, type Bounds } from './model/query.ts'
import type { PayloadIndex } from './store.ts'

interface Entry {
  record: PayloadRecord
  statuses: string[]
}

/** Times as keys that sort as numbers: whole milliseconds, 13 hex digits (until the year 10889). */
const hex = (ms: number) => Math.max(0, Math.floor(ms)).toString(16).padStart(13, '0')

export function keyPayloadIndex(state: KeyState): PayloadIndex {
  const indexKeys = (record: PayloadRecord): string[] => [
    `c/${hex(record.created_at)}\0${record.request_id}`,
    ...payloadFilters.flatMap((field) => (record[field] === undefined ? [] : [`x/${field}/${record[field]}\0${record.request_id}`])),
  ]
  const records = async (ids: readonly string[]) =>
    (await state.getMany<Entry>(ids.map((id) => `p/${id}`))).flatMap((e) => (e === undefined ? [] : [e.record]))
  const idsIn = async (range: { prefix: string; gte?: string; lt?: string }) =>
    (await state.entries(range)).map(([k]) => k.slice(k.indexOf('\0') + 1))

  return {
    async put(payloads) {
      const olds = await state.getMany<Entry>(payloads.map((p) => `p/${p.record.request_id}`))
      const ops: KeyOp[] = []
      payloads.forEach(({ record, statuses }, i) => {
        const old = olds[i]
        const keep = new Set(indexKeys(record))
        if (old !== undefined) {
          for (const k of indexKeys(old.record)) if (!keep.has(k)) ops.push({ del: k })
          for (const k of old.statuses) ops.push({ del: k })
        }
        for (const k of keep) ops.push({ put: k, value: 1 })
        const keys = statuses.map((s, n) => `s/${hex(s.date)}\0${record.request_id}\0${n}`)
        statuses.forEach((s, n) => ops.push({ put: keys[n]!, value: s }))
        ops.push({ put: `p/${record.request_id}`, value: { record, statuses: keys } satisfies Entry })
      })
      // deletes of keys put again in the same batch: the put comes last and wins. Not synced: the index is made
      // from the events, which are, and is made again from them after a crash (indexer.ts)
      await state.write(ops)
    },

    async get(requestId) {
      return (await state.get<Entry>(`p/${requestId}`))?.record
    },

    async payloads(query) {
      const field = payloadFilters.find((f) => query.filters[f] !== undefined)
      const ids = field === undefined
        ? await idsIn({ prefix: 'c/', ...timeRange('c/', query.createdAt) })
        : await idsIn({ prefix: `x/${field}/${query.filters[field]}\0` })
      return runPayloadQuery(await records(ids), query)
    },

    async statuses(query) {
      const rows = await state.entries<StatusRow>({ prefix: 's/', ...timeRange('s/', query.date) })
      return runStatusQuery(rows.map(([, row]) => row), query)
    },

    async remove(requestIds) {
      const olds = await state.getMany<Entry>(requestIds.map((id) => `p/${id}`))
      const ops: KeyOp[] = []
      olds.forEach((old, i) => {
        if (old === undefined) return
        for (const k of [...indexKeys(old.record), ...old.statuses, `p/${requestIds[i]}`]) ops.push({ del: k })
      })
      await state.write(ops)
    },
  }
}

/** The keys of a time range, a little wide (whole milliseconds): the query checks the exact bounds. */
function timeRange(prefix: string, b: Bounds): { gte?: string; lt?: string } {
  const low = b.gte ?? b.gt
  const high = b.lte ?? b.lt
  return {
    ...(low === undefined ? {} : { gte: `${prefix}${hex(low)}` }),
    ...(high === undefined ? {} : { lt: `${prefix}${hex(high + 1)}` }),
  }
}
