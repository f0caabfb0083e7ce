// The collector's CPU per stored event, end to end over UDP, with two builds of it: the product's, and one whose
// src/codecs/msgpack/index.ts is @msgpack/msgpack doing the same work (msgpack-library.ts): the wire decoding of
// every datagram and the packing of the LevelDB values. Each run is a fresh collector process on a fresh folder,
// fed by the sender process at one rate; the builds take turns, who goes first alternating, so a drift of the
// shared machine falls on each alike. After each run the folder is read back with the product's own reader.

import { openLevelStore } from '../../../src/store/level.ts'
import type { Variant } from './bundle.ts'
import type { Child } from './children.ts'
import { startCollectorChild } from './collector.ts'
import { threadCpu } from './cpu-time.ts'
import { median } from './stats.ts'

export const LIBRARY: Variant = {
  name: 'msgpack-library',
  replace: { 'src/codecs/msgpack/index.ts': 'scripts/bench/lib/msgpack-library.ts' },
}

export const BUILDS = ['hand-written', '@msgpack/msgpack'] as const
export type Build = (typeof BUILDS)[number]

export interface CpuRun {
  build: Build
  round: number
  sent: number
  stored: number
  /** Of the stored events, how many the product's reader found in the folder afterwards. */
  readBack: number
  /** Every thread of the collector's process, user + system, µs per stored event. */
  perEvent: number
  /** The main thread alone (decoding, validation, packing; not LevelDB's own threads), µs per stored event. */
  mainPerEvent: number
}

export interface CpuOptions {
  sender: Child
  context: string
  rate: number
  seconds: number
  rounds: number
  log?: (line: string) => void
}

async function run(build: Build, round: number, options: CpuOptions): Promise<CpuRun> {
  const { sender, context, rate, seconds } = options
  const collector = await startCollectorChild(build === 'hand-written' ? {} : { variant: LIBRARY })
  const timeline = `cpu-${round}-${build === 'hand-written' ? 'hand' : 'library'}`
  try {
    // JIT and LevelDB's first files, uncounted
    await sender.call({ cmd: 'send', port: collector.udpPort, rate: 20_000, seconds: 1, context, timeline: `${timeline}-warm-up` })
    const before = await collector.settle()
    const pid = collector.child.process.pid!
    const cpu0 = await collector.cpu()
    const main0 = threadCpu(pid)
    const { sent } = await sender.call<{ sent: number }>({ cmd: 'send', port: collector.udpPort, rate, seconds, context, timeline })
    const after = await collector.settle()
    const cpu = (await collector.cpu()) - cpu0
    const main = (threadCpu(pid) - main0) * 1e6
    await collector.stop()
    const stored = after.stored - before.stored
    const store = await openLevelStore(collector.data)
    const readBack = (await store.messages(context, timeline)).length
    await store.close()
    return { build, round, sent, stored, readBack, perEvent: cpu / stored, mainPerEvent: main / stored }
  } finally {
    await collector.stop()
    await collector.remove()
  }
}

export async function codecCpu(options: CpuOptions): Promise<{ runs: CpuRun[]; medians: Record<Build, number> }> {
  const runs: CpuRun[] = []
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? BUILDS : [...BUILDS].reverse()
    for (const build of order) {
      const r = await run(build, round, options)
      options.log?.(`cpu ${build}: ${r.perEvent.toFixed(2)} µs/event (main thread ${r.mainPerEvent.toFixed(2)}), ` +
        `${r.stored} of ${r.sent} stored, ${r.readBack} read back`)
      runs.push(r)
    }
  }
  const of = (build: Build) => median(runs.filter((r) => r.build === build).map((r) => r.perEvent))
  return { runs, medians: { 'hand-written': of('hand-written'), '@msgpack/msgpack': of('@msgpack/msgpack') } }
}
