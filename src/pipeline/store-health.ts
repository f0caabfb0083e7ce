// Whether the store may be written. A failed append, or less free space than the floor (--min-free), puts
// the collector in a refusing state: UDP events are dropped and counted (store_unavailable), HTTP answers
// 503 with Retry-After, nothing is acknowledged. It leaves that state only once a write is known good
// again: room on the disk, and the store recovered (LevelDB reopens its database, then writes a synced
// probe and reads it back). Checked every `interval`, off the hot path: refusing() is a field read.

import { type SizeFloor, floorBytes, formatBytes } from '../core/byte-size.ts'
import { formatDuration } from '../core/format.ts'
import type { Logger } from './log.ts'
import { errorMessage } from './log.ts'
import type { Store } from '../store/types.ts'

export interface DiskSpace {
  free: number
  total: number
}

export interface StoreHealthOptions {
  store: Store
  log: Logger
  /** Space on the disk the store writes to; undefined where it is not known (PostgreSQL). */
  space?: () => Promise<DiskSpace | undefined>
  /** Refuse below this much free space; default the smaller of 256 MB and 5% of the disk. */
  minFree?: SizeFloor
  /** Milliseconds between two checks; default 1 s. */
  interval?: number
  now?: () => number
}

export interface StoreHealth {
  /** Why events are refused now, or undefined while the store takes writes. */
  refusing(): string | undefined
  /** The ingest queue tells it an append failed: refusing until the store has recovered. */
  failed(error: unknown): void
  /** Checks once now (free space, recovery); the timer does it every interval. */
  check(): Promise<void>
  stop(): void
}

export const defaultMinFree = (total: number): number => Math.min(256e6, Math.ceil(total * 0.05))

export function createStoreHealth(options: StoreHealthOptions): StoreHealth {
  const { store, log, space } = options
  const now = options.now ?? Date.now
  const floor = (total: number) => (options.minFree === undefined ? defaultMinFree(total) : floorBytes(options.minFree, total))
  /** Set by a failed append, cleared by a recovery. */
  let failure: string | undefined
  /** Set while the disk has less room than the floor. */
  let low: string | undefined
  let since = 0
  let checking: Promise<void> | undefined

  const refusing = () => failure ?? low

  async function checkSpace(): Promise<void> {
    const measured = await space?.().catch(() => undefined)
    if (measured === undefined) return
    const least = floor(measured.total)
    const wasLow = low
    low = measured.free < least
      ? `only ${formatBytes(measured.free)} free on the store's disk, below --min-free ${formatBytes(least)}`
      : undefined
    if (low !== undefined && wasLow === undefined) {
      if (failure === undefined) since = now()
      log.warn(`${low}: refusing events until there is room`)
    }
    if (low === undefined && wasLow !== undefined && failure === undefined) {
      log.info(`room on the store's disk again (${formatBytes(measured.free)} free): taking events after ${formatDuration(now() - since)}`)
    }
  }

  async function tryRecover(): Promise<void> {
    if (failure === undefined || low !== undefined) return
    try {
      await store.recover?.()
    } catch (error) {
      log.limited('error', `store still ${reasonOf(error)}`, `store still not writable: ${errorMessage(error)}`)
      return
    }
    failure = undefined
    log.limited('info', 'store writable', `store writable again: a write was read back; taking events after ${formatDuration(now() - since)}`)
  }

  function check(): Promise<void> {
    checking ??= (async () => {
      try {
        await checkSpace()
        await tryRecover()
      } finally {
        checking = undefined
      }
    })()
    return checking
  }

  const timer = setInterval(() => void check(), options.interval ?? 1_000)
  timer.unref()

  return {
    refusing,
    failed(error) {
      if (failure !== undefined) return
      if (low === undefined) since = now()
      failure = `the store failed (${errorMessage(error)})`
      // a store that fails again at every try (a database down) costs a line per reason every 10 s
      log.limited('error', `store failed ${reasonOf(error)}`, `store failed: ${errorMessage(error)}; refusing events until a write succeeds again`)
    },
    check,
    stop: () => clearInterval(timer),
  }
}

/** What two failures for one cause share: the error's code, else its words without the numbers (file names, ports). */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : errorMessage(error).replace(/\d+/g, '#')
}
