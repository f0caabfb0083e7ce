// The edge: the only place that reads process state. bin/upto compiles this file's bundle (dist/upto.cjs),
// calls main() and sets the exit code. The client commands take the fast path; everything else loads the full
// program, which bin/upto imports from its own build (dist/program.js).

import { fstatSync } from 'node:fs'
import { sendEvent } from './cli/commands/send-event.ts'
import { reportError } from './cli/errors.ts'
import { parseClientCall } from './cli/fast-path.ts'
import type { Io } from './cli/io.ts'

export type LoadProgram = () => Promise<typeof import('./program.ts')>

/** Resolves with the exit code. No top-level await anywhere on this path: it is bundled as CommonJS. */
export async function main(argv: readonly string[], loadProgram: LoadProgram): Promise<number> {
  const io = processIo(argv)
  const call = parseClientCall(io.argv)
  if (call === undefined) return (await loadProgram()).run(io)
  const sent =
    call.kind === 'run'
      ? (await import('./cli/commands/run.ts')).runCommand(io, call)
      : sendEvent(io, call.kind, call.context, call.name, call.options).then(() => 0)
  return sent.catch((error: unknown) => reportError(io.err, error))
}

function processIo(argv: readonly string[]): Io {
  // wall-clock milliseconds with sub-millisecond steps, without the global `performance` (~1.4 ms to load)
  const wallStart = Date.now()
  const monoStart = process.hrtime.bigint()
  let guarded = false
  return {
    argv,
    env: process.env,
    out: (text) => {
      // `upto ls | head`: a reader that has gone away ends the command quietly, as it does for cat
      if (!guarded) {
        guarded = true
        process.stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error
          process.exit(0)
        })
      }
      process.stdout.write(text)
    },
    err: (text) => process.stderr.write(text),
    // getters: touching process.stdout loads node's stream modules (~4 ms), which a client call never needs
    get isTTY() {
      return process.stdout.isTTY === true
    },
    // not process.stderr.isTTY: that loads the stream modules too. A character device is a terminal (or /dev/null)
    get errIsTTY() {
      try {
        return fstatSync(2).isCharacterDevice()
      } catch {
        return false
      }
    },
    get columns() {
      return process.stdout.columns || 100
    },
    now: () => wallStart + Number(process.hrtime.bigint() - monoStart) / 1e6,
    onKey: (listener) => {
      const stdin = process.stdin
      if (!stdin.isTTY) return () => {}
      const onData = (data: Buffer) => {
        for (const key of data.toString('utf8')) listener(key)
      }
      stdin.setRawMode(true)
      stdin.on('data', onData)
      return () => {
        stdin.off('data', onData)
        stdin.setRawMode(false)
        stdin.pause()
      }
    },
    stopSignal: () =>
      new Promise((resolve) => {
        // SIGHUP too: a terminal closed under `upto serve` or `upto demo` stops it cleanly, flushed and tidied
        for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve(signal))
      }),
  }
}
