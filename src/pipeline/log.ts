// A tiny line logger for the collector. Lines go to the sink it is given (`upto serve`: stderr):
//   2026-11-22T17:25:36.123Z info listening on udp 127.0.0.1:8123
// Refusals are rate-limited per (transport, reason): a flood of garbage costs a line per 10 s.

import type { Refusal } from '../core/types.ts'

export type LogSink = (line: string) => void

export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  /** At most one line per (transport, reason) per interval; the next says how many were not shown. */
  refused(transport: string, refusal: Refusal, from?: string): void
  /**
   * At most one line per `key` per interval (a store outage, slow clients): the next one says how many were
   * not shown. `key` names the reason, never a value that changes from line to line.
   */
  limited(level: 'info' | 'warn' | 'error', key: string, message: string): void
  /** Writes the counts of refusals not shown yet (at shutdown). */
  flush(): void
}

export interface LoggerOptions {
  /** Where lines go: the CLI gives stderr, tests an array. */
  sink: LogSink
  now?: () => number
  /** Milliseconds between two refusal lines of one (transport, reason). Default 10 s. */
  refusalInterval?: number
}

interface Limited {
  /** When the last line was written. */
  last: number
  /** Refusals since then that were not written. */
  hidden: number
}

export function createLogger(options: LoggerOptions): Logger {
  const { sink } = options
  const now = options.now ?? Date.now
  const interval = options.refusalInterval ?? 10_000
  const limited = new Map<string, Limited>()

  const write = (level: string, message: string) => {
    try {
      sink(`${new Date(now()).toISOString()} ${level} ${message}`)
    } catch {
      // A broken sink must not take the collector down.
    }
  }
  const since = (l: Limited) => `${l.hidden} more since ${new Date(l.last).toISOString()}`

  /** Writes `line()` unless `key` had a line less than an interval ago; the next one says how many were not. */
  const atMostEvery = (key: string, level: string, line: () => string) => {
    const t = now()
    const l = limited.get(key)
    if (l !== undefined && t - l.last < interval) {
      l.hidden++
      return
    }
    write(level, `${line()}${l !== undefined && l.hidden > 0 ? ` (${since(l)})` : ''}`)
    limited.set(key, { last: t, hidden: 0 })
  }

  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
    refused(transport, refusal, from) {
      const key = `${transport} ${refusal.reason}`
      const origin = from === undefined || from === '' ? '' : ` from ${from}`
      atMostEvery(key, 'warn', () => `refused ${key}${origin} #${refusal.index}: ${refusal.detail}`)
    },
    limited(level, key, message) {
      atMostEvery(`limited ${key}`, level, () => message)
    },
    flush() {
      for (const [key, l] of limited) {
        if (l.hidden > 0) write('warn', key.startsWith('limited ') ? `${key.slice(8)}: ${since(l)}` : `refused ${key}: ${since(l)}`)
        l.hidden = 0
      }
    },
  }
}

/** The words of an error for a log line or an API answer. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
