// The collector's young generation, grown to its ceiling in one step.
//
// V8 starts the young generation at 512 KiB a semi-space and doubles it each time as much as it holds has
// survived collections since the last doubling, up to 16 MiB (or --max-semi-space-size). Under steady load
// the doublings come seconds to a minute apart, the last one (+16 MiB of RSS) often a minute into the load:
// to a dashboard it looks like a leak. Asked to grow by the whole ratio, V8 goes to the same ceiling at the
// first doubling, seconds after load arrives; the memory a collector settles at is the same, only sooner.
// The flag is read each time the space grows, so it can be set after start.

import { setFlagsFromString } from 'node:v8'

const growthFactor = 32 // 16 MiB / 512 KiB

export function growYoungGenerationAtOnce(): void {
  setFlagsFromString(`--semi-space-growth-factor=${growthFactor}`)
}
