// A collector that is only a NATS source over a LevelDB folder, for the test that kills one mid-stream:
//   node --import tsx test/sources/nats-child.ts FOLDER JSON_OPTIONS
// Appends take at most 20 events (two messages of the test), each is slowed down and announced on stdout:
// `stored N`. The second is written and then never returns: its messages are durable and never acknowledged,
// the worst moment to die (they come again to the next collector, and must not count twice); the messages
// after it were delivered and never stored (they must not be lost).

import { natsSource } from '../../src/sources/nats/index.ts'
import { createPipeline } from './nats-pipeline.ts'

const [folder, json] = process.argv.slice(2) as [string, string]
const pipeline = await createPipeline(folder, { maxBatch: 20 })
const append = pipeline.store.append
let stored = 0
let appends = 0
pipeline.store.append = async (messages, created, options) => {
  await new Promise((resolve) => setTimeout(resolve, 30))
  await append(messages, created, options)
  stored += messages.length
  process.stdout.write(`stored ${stored}\n`)
  if (++appends === 2) await new Promise(() => {})
}
await natsSource.start({ ...JSON.parse(json), format: 'upto' }, pipeline.context)
process.stdout.write('started\n')
