// Child: the real collector (startCollector: LevelDB, ingest queue, UDP and HTTP) on a given folder.
// Log lines are kept, not printed; warnings and errors come back with `log`.

import { monitorEventLoopDelay } from 'node:perf_hooks'
import { growYoungGenerationAtOnce } from '../../../src/cli/young-generation.ts'
import { keepHeapWhenQuiet } from '../../../src/cli/memory-reducer.ts'
import { startCollector } from '../../../src/server/collector.ts'
import { serveCommands } from './children.ts'

const data = process.argv[2]
if (data === undefined) throw new Error('usage: collector-child DATA_FOLDER [SYNC]')
const sync = process.argv[3] as 'acknowledged' | 'always' | 'never' | undefined

const lines: string[] = []
growYoungGenerationAtOnce() // as upto serve does
keepHeapWhenQuiet()
const collector = await startCollector({
  data,
  port: 0,
  ...(sync === undefined ? {} : { sync }),
  log: (line) => {
    if (!line.includes(' info ')) lines.push(line)
  },
})

// how long the event loop was kept from reading the socket: the UDP receive buffer must cover it. The histogram
// holds the intervals between the ticks of a timer, so a block reads as up to one tick longer than it was: 1 ms
// ticks (timers run in C++, no JavaScript) make the longest interval a block's length to within a millisecond.
const delay = monitorEventLoopDelay({ resolution: 1 })
delay.enable()

serveCommands(
  { udpPort: collector.udpPort, httpPort: collector.httpPort },
  (c) => {
    if (c.cmd === 'log') return { lines: lines.splice(0) }
    if (c.cmd === 'memory') return { ...process.memoryUsage() }
    if (c.cmd === 'cpu') return { ...process.cpuUsage() }
    if (c.cmd === 'delay') {
      const answer = { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6, mean: delay.mean / 1e6 }
      delay.reset()
      return answer
    }
    if (c.cmd === 'close') return collector.close().then(() => ({ closed: true }))
    throw new Error(`unknown command ${String(c.cmd)}`)
  },
  () => collector.close(),
)
