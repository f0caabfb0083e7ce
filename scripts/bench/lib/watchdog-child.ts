// Child: the real collector with the watchdog speaking MQTT (LevelDB on a given folder), its facet settings as
// JSON on the command line; answers cpu and memory as the collector child does.

import { startCollector } from '../../../src/server/collector.ts'
import { serveCommands } from './children.ts'

const [data, settings] = process.argv.slice(2)
if (data === undefined || settings === undefined) throw new Error('usage: watchdog-child DATA_FOLDER SETTINGS_JSON')

const collector = await startCollector({ data, port: 0, facetSettings: JSON.parse(settings) as Record<string, unknown>, log: () => {} })

serveCommands(
  { udpPort: collector.udpPort, httpPort: collector.httpPort },
  (c) => {
    if (c.cmd === 'memory') return { ...process.memoryUsage() }
    if (c.cmd === 'cpu') return { ...process.cpuUsage() }
    if (c.cmd === 'gc') {
      globalThis.gc?.()
      return { ...process.memoryUsage() }
    }
    throw new Error(`unknown command ${String(c.cmd)}`)
  },
  () => collector.close(),
)
