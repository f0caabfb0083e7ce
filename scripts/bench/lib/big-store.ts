// Stores of many timelines of 100 events (a start and an end each), built with direct appends. Every append
// carries one message for each of up to 1,000 timelines, as interleaved live traffic would: each record holds
// one message, a timeline's messages lie under 200 keys. The big one is built once and kept in the cache,
// until the store's code changes.

import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Stored, TimelineInfo } from '../../../src/core/types.ts'
import { openLevelStore } from '../../../src/store/level.ts'
import { cacheFolder, root } from './paths.ts'

export const CONTEXT = 'bench-read'
export const EVENTS_PER_TIMELINE = 100
const T0 = 1_700_000_000_000

export const timelineId = (i: number) => `run-${String(i).padStart(6, '0')}`

/** Fills `dir` with `timelines` timelines of 100 events. */
export async function buildStore(dir: string, timelines: number): Promise<void> {
  const store = await openLevelStore(dir)
  const width = 1_000
  for (let message = 0; message < 2 * EVENTS_PER_TIMELINE; message++) {
    for (let from = 0; from < timelines; from += width) {
      const batch: Stored[] = []
      const created: TimelineInfo[] = []
      for (let t = from; t < Math.min(timelines, from + width); t++) {
        const timeline = timelineId(t)
        const begin = T0 + t * 60_000
        if (message === 0) created.push({ context: CONTEXT, id: timeline, created: begin })
        const step = message >> 1
        const time = begin + step * 500 + (message & 1) * 400
        batch.push({
          kind: message & 1 ? 'end' : 'start',
          context: CONTEXT,
          timeline,
          name: `stage${step % 5}.step${step}`,
          host: `ci-${t % 7}`,
          time,
          received: time + 3,
        })
      }
      await store.append(batch, created)
    }
  }
  await store.close()
}

/** The cached store of `timelines` timelines: its folder, and whether it had to be built now. */
export async function cachedStore(timelines: number): Promise<{ dir: string; built: boolean; seconds: number }> {
  const dir = join(cacheFolder('stores'), `read-${timelines}`)
  // beside the folder, not in it: the store refuses folders holding files it does not know
  const marker = `${dir}.json`
  const version = storeCodeVersion()
  if (existsSync(marker) && (JSON.parse(readFileSync(marker, 'utf8')) as { version?: string }).version === version) {
    return { dir, built: false, seconds: 0 }
  }
  rmSync(dir, { recursive: true, force: true })
  rmSync(marker, { force: true })
  const t0 = performance.now()
  await buildStore(dir, timelines)
  writeFileSync(marker, JSON.stringify({ version, timelines }))
  return { dir, built: true, seconds: (performance.now() - t0) / 1000 }
}

/** Changes whenever the LevelDB store's code does: a cached store is then built again. */
function storeCodeVersion(): string {
  const hash = createHash('sha256')
  const files = ['level.ts', 'level-keys.ts', 'level-record.ts', 'level-open.ts'].map((f) => join(root, 'src', 'store', f))
  const pack = join(root, 'src', 'codecs', 'msgpack', 'store-pack.ts')
  for (const path of [...files, pack, join(root, 'scripts', 'bench', 'lib', 'big-store.ts')]) {
    if (existsSync(path)) hash.update(readFileSync(path))
  }
  return hash.digest('hex').slice(0, 16)
}
