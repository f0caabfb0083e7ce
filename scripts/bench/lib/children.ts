// Helper processes (senders, floors, the collector) run bundled under plain node, with an IPC channel
// for commands: call(child, { cmd, ... }) resolves with the child's answer to that command.

import { type ChildProcess, fork } from 'node:child_process'
import { type Variant, bundle } from './bundle.ts'

export interface Child {
  process: ChildProcess
  call<T>(command: Record<string, unknown>): Promise<T>
  /** Lines the child wrote to stderr, for failures. */
  stderr(): string
  stop(): Promise<void>
}

export interface StartOptions {
  args?: string[]
  /** Write a CPU profile into this folder (see profile.ts). */
  profileDir?: string
  env?: NodeJS.ProcessEnv
  /** Run a second build of the child, with some files replaced (bundle.ts). */
  variant?: Variant
}

/** Starts `scripts/bench/<entry>.ts` bundled; resolves after its first message (`ready`, with details). */
export async function startChild<R = unknown>(entry: string, options: StartOptions = {}): Promise<{ child: Child; ready: R }> {
  const file = await bundle(entry, options.variant)
  // BENCH_CHILD_ARGS: node flags for every child, to look into one (`--trace-gc`, ...)
  const extra = (process.env.BENCH_CHILD_ARGS ?? '').split(' ').filter(Boolean)
  const execArgv = [...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []), ...extra]
  const proc = fork(file, options.args ?? [], {
    execArgv,
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: options.env ?? process.env,
  })
  let err = ''
  proc.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-20_000)
  })
  let next = 0
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  proc.once('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`${entry} exited (${code ?? signal}):\n${err}`))
    waiting.clear()
  })
  const ready = new Promise<R>((resolve, reject) => {
    proc.once('message', (m) => resolve(m as R))
    proc.once('exit', (code, signal) => reject(new Error(`${entry} exited (${code ?? signal}) before it was ready:\n${err}`)))
  })
  const readyValue = await ready
  proc.on('message', (m) => {
    const { id, error, ...rest } = m as { id: number; error?: string }
    const w = waiting.get(id)
    if (w === undefined) return
    waiting.delete(id)
    if (error !== undefined) w.reject(new Error(`${entry}: ${error}`))
    else w.resolve(rest)
  })
  const child: Child = {
    process: proc,
    call<T>(command: Record<string, unknown>): Promise<T> {
      const id = ++next
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
        proc.send({ ...command, id })
      })
    },
    stderr: () => err,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.send({ cmd: 'exit', id: 0 })
        const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000)
        await exited
        clearTimeout(timer)
      }
    },
  }
  return { child, ready: readyValue }
}

export type Handler = (command: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>

/** The child's side: say ready, then answer commands until `exit`. */
export function serveCommands(ready: Record<string, unknown>, handler: Handler, onExit?: () => Promise<void>): void {
  process.on('message', async (m) => {
    const { id, cmd, ...rest } = m as { id: number; cmd: string }
    if (cmd === 'exit') {
      await onExit?.()
      process.disconnect()
      // let a CPU profile be written by a normal exit
      process.exitCode = 0
      setImmediate(() => process.exit(0))
      return
    }
    try {
      process.send!({ id, ...(await handler({ cmd, ...rest })) })
    } catch (error) {
      process.send!({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) })
    }
  })
  process.send!(ready)
}
