// Child: the real collector (startCollector on a LevelDB folder) with, when given a folder, a folder source of
// CDEvents reading it (its checkpoint in the data folder). Answers `metrics` with the CDEvents counters.

import { growYoungGenerationAtOnce } from '../../../src/cli/young-generation.ts'
import { startCollector } from '../../../src/server/collector.ts'
import { serveCommands } from './children.ts'

const data = process.argv[2]
const watched = process.argv[3]
if (data === undefined) throw new Error('usage: cdevents-child DATA_FOLDER [WATCHED_FOLDER]')

growYoungGenerationAtOnce()
const collector = await startCollector({
  data, port: 0, log: () => {},
  ...(watched === undefined ? {} : {
    sources: [{ name: 'drop', type: 'folder', enabled: true, format: 'cdevents', options: { path: watched, interval: 100, settle: 0, batch: 1000 } }],
  }),
})

serveCommands(
  { httpPort: collector.httpPort },
  (c) => {
    if (c.cmd === 'close') return collector.close().then(() => ({ closed: true }))
    throw new Error(`unknown command ${String(c.cmd)}`)
  },
  () => collector.close(),
)
