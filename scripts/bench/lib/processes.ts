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

/** Exit code and output of a short command. */
export function runQuiet(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c))
    child.stderr.on('data', (c: Buffer) => (output += c))
    child.once('error', (error) => resolve({ code: -1, output: String(error) }))
    child.once('exit', (code) => resolve({ code, output }))
  })
}
