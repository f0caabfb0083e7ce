// Child of young-generation.test.ts: allocates objects that live long enough to survive scavenges, and prints
// the sizes V8's new space went through, in KiB. `at-once` grows the young generation as the collector does.

import { getHeapSpaceStatistics } from 'node:v8'
import { growYoungGenerationAtOnce } from '../../src/cli/young-generation.ts'

if (process.argv[2] === 'at-once') growYoungGenerationAtOnce()
const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size / 1024
const sizes = [newSpace()]
let kept: Array<{ i: number; text: string }> = []
for (let i = 0; i < 3_000_000; i++) {
  kept.push({ i, text: `event ${i}` })
  if (kept.length === 50_000) kept = []
  if (i % 100 === 0 && newSpace() !== sizes.at(-1)) sizes.push(newSpace())
}
process.stdout.write(JSON.stringify(sizes))
