// Stale limits learned from earlier runs: three times a step's p90 over the runs it passed in, at least a minute,
// else an hour; --stale wins. The model, then the store's reading of earlier runs.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { learnedStaleLimits, minimumStaleMs } from '../../src/core/stale-limits.ts'
import { defaultStaleMs } from '../../src/core/stale.ts'
import { buildTimeline } from '../../src/core/timeline.ts'
import type { Stored, TimelineInfo } from '../../src/core/types.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { readTimeline } from '../../src/store/views.ts'
import { msg } from './messages.ts'

const T = Date.UTC(2026, 11, 2, 12, 0, 0)
const min = 60_000

/** One run of `deploy` (timeline `id`) at `at`: build took `build` ms, migrate `migrate` ms (or never ended). */
function run(id: string, at: number, build: number, migrate?: number, status = 'ok'): Stored[] {
  const m = (kind: 'start' | 'end', name: string, time: number, extra: Partial<Stored> = {}) => msg(kind, name, time, { timeline: id, ...extra })
  const out = [m('start', 'build', at), m('end', 'build', at + build, { status }), m('start', 'migrate', at + build)]
  if (migrate !== undefined) out.push(m('end', 'migrate', at + build + migrate))
  return out
}
const infoOf = (id: string, created: number): TimelineInfo => ({ context: 'deploy', id, created })

test('three times the p90 of the runs a step passed in; at least a minute; an hour for a step never finished', () => {
  // migrate: 10, 20, …, 100 minutes over ten runs — p90 (type 7) is 91 minutes
  const earlier = Array.from({ length: 10 }, (_, i) => buildTimeline(infoOf(`r${i}`, i), run(`r${i}`, T + i * 1000 * min, 5_000, (i + 1) * 10 * min)))
  const limitOf = learnedStaleLimits(earlier)
  assert.equal(limitOf('migrate'), 3 * 91 * min)
  assert.equal(limitOf('build'), minimumStaleMs, 'five seconds each time: three times that is under a minute')
  assert.equal(limitOf('smoke'), defaultStaleMs, 'no earlier run has it')
})

test('failed and unfinished attempts teach nothing', () => {
  const failed = buildTimeline(infoOf('f', 1), run('f', T, 50 * min, undefined, 'error'))
  const open = buildTimeline(infoOf('o', 2), run('o', T, 40 * min))
  const limitOf = learnedStaleLimits([failed, open])
  assert.equal(limitOf('build'), 3 * 40 * min, 'only the passing build of 40 minutes counts')
  assert.equal(limitOf('migrate'), defaultStaleMs, 'migrate never ended')
})

test('a view reads each step stale after its learned limit, or after --stale when given', async () => {
  const store = createMemoryStore()
  // three earlier runs whose migrate took 2, 3 and 4 minutes (p90 3.8 min: limit 11.4 min); the newest still open
  for (const [i, took] of [2, 3, 4].entries()) {
    await store.append(run(`r${i}`, T + i * 60 * min, 10_000, took * min), [infoOf(`r${i}`, T + i * 60 * min)])
  }
  const at = T + 4 * 60 * min
  await store.append(run('now', at, 10_000), [infoOf('now', at)])
  const info = (await store.newest('deploy'))!
  const migrateOf = async (now: number, staleMs?: number) => {
    const timeline = await readTimeline(store, info, { now, ...(staleMs === undefined ? {} : { staleMs }) })
    return timeline.rows.find((r) => r.name === 'migrate')!.status
  }
  assert.equal(await migrateOf(at + 10_000 + 11 * min), 'running', 'within three times its p90')
  assert.equal(await migrateOf(at + 10_000 + 12 * min), 'stale', 'past it: an hour never came into it')
  assert.equal(await migrateOf(at + 10_000 + 12 * min, 2 * 60 * min), 'running', '--stale 2h wins')
  assert.equal(await migrateOf(at + 10_000 + 6 * min, 5 * min), 'stale', '--stale 5m wins')
  await store.close()
})
