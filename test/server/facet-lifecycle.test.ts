// A facet in the collector: its state prepared before anything runs, its routes given its own state, its background
// work started after the sources and stopped before the store closes; its state kept across a restart.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Facet } from '../../src/facets/types.ts'
import { startCollector } from '../../src/server/collector.ts'
import type { KeyState, StateBackend } from '../../src/store/types.ts'
import { tempFolder } from '../store/temp-folder.ts'

/** A facet that counts the requests to its route, in its own key space; it says what happened to it in `seen`. */
function countingFacet(seen: string[]): Facet {
  return {
    name: 'counter',
    collector: async () => ({
      async prepare(state: StateBackend) {
        seen.push(`prepare ${state.kind}`)
      },
      routes(app, context) {
        const state = context.state as KeyState
        app.post('/api/counter', async (c) => {
          const n = ((await state.get<number>('hits')) ?? 0) + 1
          await state.write([{ put: 'hits', value: n }], { sync: true })
          return c.json({ hits: n })
        })
      },
      async start(context) {
        seen.push(`start ${context.state?.kind}`)
        return {
          async close() {
            // the store is still open: background work can write its last state
            await (context.state as KeyState).write([{ put: 'stopped', value: true }])
            seen.push('close')
          },
        }
      },
    }),
  }
}

test('a facet keeps its own state in the collector\'s LevelDB, across a restart, in lifecycle order', async () => {
  const folder = await tempFolder()
  const seen: string[] = []
  const run = async () => {
    const collector = await startCollector({ port: 0, data: folder.dir, log: () => {}, facets: [countingFacet(seen)] })
    const hit = async () => ((await (await fetch(`http://127.0.0.1:${collector.httpPort}/api/counter`, { method: 'POST' })).json()) as { hits: number }).hits
    return { collector, hit }
  }
  try {
    const first = await run()
    assert.equal(await first.hit(), 1)
    assert.equal(await first.hit(), 2)
    await first.collector.close()
    const second = await run()
    assert.equal(await second.hit(), 3)
    await second.collector.close()
    assert.deepEqual(seen, ['prepare keys', 'start keys', 'close', 'prepare keys', 'start keys', 'close'])
  } finally {
    await folder.remove()
  }
})

test('a facet whose state cannot be prepared stops the collector from starting, and says why', async () => {
  const folder = await tempFolder()
  const failing: Facet = {
    name: 'broken',
    collector: async () => ({
      async prepare() {
        throw new Error('the broken tables are at version 9')
      },
    }),
  }
  try {
    await assert.rejects(startCollector({ port: 0, data: folder.dir, log: () => {}, facets: [failing] }), /the broken tables are at version 9/)
    // the folder was let go: it opens again
    const collector = await startCollector({ port: 0, data: folder.dir, log: () => {}, facets: [] })
    await collector.close()
  } finally {
    await folder.remove()
  }
})
