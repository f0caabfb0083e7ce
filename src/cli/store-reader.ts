// Reads a data folder directly, for `--data DIR` while no collector holds it.

import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { summarize } from '../core/summary.ts'
import { findTimeline, readContexts, readTimeline, readTimelines } from '../store/views.ts'
import { openDataFolder } from './data-folder.ts'
import { CliError } from './errors.ts'
import type { Reader } from './reader.ts'

export async function storeReader(dir: string, now: () => number): Promise<Reader> {
  if (!existsSync(dir)) throw new CliError(`no data folder ${resolve(dir)}: pass the folder "upto serve --data" writes to`)
  const store = await openDataFolder(dir, 'leave out --data to ask it instead')
  return {
    contexts: ({ limit, after, prefix }) =>
      readContexts(store, now(), { limit, ...(after === undefined ? {} : { after }), ...(prefix === undefined ? {} : { prefix }) }),
    async timelines(context, limit) {
      if ((await store.newest(context)) === undefined) return undefined
      const page = await store.timelines(context, { limit })
      return (await readTimelines(store, page.items)).map((timeline) => summarize(timeline, now()))
    },
    async timeline(context, id) {
      const info = await findTimeline(store, context, id)
      return info && readTimeline(store, info)
    },
    close: () => store.close(),
  }
}
