// Child: the real collector on a given folder, with a given --sync mode (acknowledged, always, never).
// Answers `counters` with what it received and stored, and `close`.

import { growYoungGenerationAtOnce } from '../../../src/cli/young-generation.ts'
import { keepHeapWhenQuiet } from '../../../src/cli/memory-reducer.ts'
import { startCollector } from '../../../src/server/collector.ts'
import { serveCommands } from './children.ts'

const [data, mode] = process.argv.slice(2)
if (data === undefined || (mode !== 'acknowledged' && mode !== 'always' && mode !== 'never')) {
  throw new Error('usage: sync-collector-child DATA_FOLDER acknowledged|always|never')
}

const lines: string[] = []
growYoungGenerationAtOnce() // as upto serve does
keepHeapWhenQuiet()
const collector = await startCollector({ data, port: 0, sync: mode, log: (line) => !line.includes(' info ') && lines.push(line) })

serveCommands(
  { udpPort: collector.udpPort, httpPort: collector.httpPort },
  (c) => {
    if (c.cmd === 'log') return { lines: lines.splice(0) }
    throw new Error(`unknown command ${String(c.cmd)}`)
  },
  () => collector.close(),
)
