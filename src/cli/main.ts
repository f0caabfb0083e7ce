// The edge: the only place that reads process state and sets the exit code.

import { run } from './program.ts'

const code = await run({
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
})
process.exitCode = code
