// A collector that is only a NATS source over a LevelDB folder, for the test that kills one mid-stream:
//   node --import tsx test/sources/nats-child.ts FOLDER JSON_OPTIONS
// Each append is slowed down (so the kill lands mid-stream) and announced on stdout: `stored N`.

import { natsSource } from '../../src/sources/nats/index.ts'
import { createPipeline } from './nats-pipeline.ts'

const [folder, json] = process.argv.slice(2) as [string, string]
const pipeline = await createPipeline(folder)
const append = pipeline.store.append
let stored = 0
pipeline.store.append = async (messages, created, options) => {
  await new Promise((resolve) => setTimeout(resolve, 30))
  await append(messages, created, options)
  stored += messages.length
  process.stdout.write(`stored ${stored}\n`)
}
await natsSource.start({ ...JSON.parse(json), format: 'upto' }, pipeline.context)
process.stdout.write('started\n')
