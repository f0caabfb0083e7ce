// The edge: the only place that reads process state and sets the exit code.
// The client commands take the fast path; everything else loads the full program.

import { sendEvent } from './commands/send-event.ts'
import { reportError } from './errors.ts'
import { parseClientCall } from './fast-path.ts'
import type { Io } from './io.ts'

const io: Io = {
  argv: process.argv.slice(2),
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns || 100,
  now: () => performance.timeOrigin + performance.now(),
  stopSignal: () =>
    new Promise((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal))
    }),
}

/** No top-level await: this file is bundled as CommonJS, which Node loads faster than an ES module. */
async function main(): Promise<number> {
  const call = parseClientCall(io.argv)
  if (call === undefined) return (await import('./program.ts')).run(io)
  const sent =
    call.kind === 'run'
      ? (await import('./commands/run.ts')).runCommand(io, call)
      : sendEvent(io, call.kind, call.context, call.name, call.options).then(() => 0)
  return sent.catch((error: unknown) => reportError(io.err, error))
}

main().then((code) => {
  process.exitCode = code
})
