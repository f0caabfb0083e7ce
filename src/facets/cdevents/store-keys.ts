// The lake in a key space (LevelDB, memory):
//
//   k/<context id>\0<subject>\0<timestamp>                 → 1          the duplicate key of each event kept
//   h/<subject>\0<timestamp hex>\0<duplicate key>          → Accepted   the events, by subject and time
//   p/<placement key>                                      → Placement  where a run went (mapping.ts)

import type { KeyOp, KeyState } from '../../store/types.ts'
import { duplicateKey, type Accepted } from './model/cdevent.ts'
import type { Placement } from './model/mapping.ts'
import type { CdeventLake } from './store.ts'

/** Times as keys that sort as numbers: whole milliseconds, 13 hex digits. */
const hex = (ms: number) => Math.max(0, Math.floor(ms)).toString(16).padStart(13, '0')

export function keyLake(state: KeyState): CdeventLake {
  return {
    async known(events) {
      const keys = events.map(duplicateKey)
      const found = await state.getMany<number>(keys.map((k) => `k/${k}`))
      return new Set(keys.filter((_, i) => found[i] !== undefined))
    },

    async add(events, placed) {
      // the first of an event or a placement stays, as PostgreSQL's ON CONFLICT DO NOTHING keeps it
      const keys = events.map(duplicateKey)
      const kept = await state.getMany<number>(keys.map((k) => `k/${k}`))
      const places = await state.getMany<Placement>(placed.map(([k]) => `p/${k}`))
      const ops: KeyOp[] = []
      const seen = new Set<string>()
      events.forEach((e, i) => {
        const key = keys[i]!
        if (seen.has(key) || kept[i] !== undefined) return
        seen.add(key)
        ops.push({ put: `k/${key}`, value: 1 }, { put: `h/${e.subject}\0${hex(e.timestamp)}\0${key}`, value: e })
      })
      const placedNow = new Set<string>()
      placed.forEach(([key, place], i) => {
        if (places[i] !== undefined || placedNow.has(key)) return
        placedNow.add(key)
        ops.push({ put: `p/${key}`, value: place })
      })
      if (ops.length > 0) await state.write(ops, { sync: true })
    },

    async placements(keys) {
      const found = await state.getMany<Placement>(keys.map((k) => `p/${k}`))
      const map = new Map<string, Placement>()
      keys.forEach((k, i) => {
        if (found[i] !== undefined) map.set(k, found[i]!)
      })
      return map
    },

    async history(subjects, range = {}) {
      const all: Accepted[] = []
      for (const subject of subjects) {
        const prefix = `h/${subject}\0`
        const rows = await state.entries<Accepted>({
          prefix,
          ...(range.from === undefined ? {} : { gte: `${prefix}${hex(range.from)}` }),
          ...(range.to === undefined ? {} : { lt: `${prefix}${hex(range.to)}` }),
        })
        for (const [, e] of rows) all.push(e)
      }
      return all.sort((a, b) => a.timestamp - b.timestamp)
    },
  }
}
