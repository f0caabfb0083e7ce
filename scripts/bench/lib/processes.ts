// Whole processes, timed from spawn to exit: what a CI step pays for a command.

import { spawn } from 'node:child_process'

export interface Timed {
  ms: number
  code: number | null
}

/** Runs `command args` with no output kept; resolves with its wall time and exit code. */
export function timeProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(command, args, { stdio: 'ignore', env })
    child.once('error', reject)
    child.once('exit', (code) => resolve({ ms: performance.now() - t0, code }))
  })
}
