// The collector's young generation, grown to its ceiling in one step.
//
// V8 starts the young generation small and doubles it each time as much as it holds has survived collections
// since the last doubling, up to its ceiling (--max-semi-space-size). Under steady load the doublings come
// seconds to a minute apart, the last one (+16 MB of RSS, measured) as late as a minute into the load: to a
// dashboard it looks like a leak. Asked to grow 32-fold, V8 goes to the same ceiling at the first growth,
// seconds after load arrives (it never grows past the ceiling): the memory a collector settles at is the
// same, only sooner. The flag is read each time the space grows, so it can be set after start.

import { setFlagsFromString } from 'node:v8'

const growthFactor = 32 // at least the ratio of the ceiling to the starting size

export function growYoungGenerationAtOnce(): void {
  setFlagsFromString(`--semi-space-growth-factor=${growthFactor}`)
}
