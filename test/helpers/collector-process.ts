import { spawn, type ChildProcess } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const bin = fileURLToPath(new URL('../../bin/upto.cjs', import.meta.url))

/** A port that is free for both TCP and UDP on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    await new Promise((resolve) => server.close(resolve))
    const udp = createSocket('udp4')
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false))
      udp.bind(port, '127.0.0.1', () => resolve(true))
    })
    udp.close()
    if (free) return port
  }
}

export interface CollectorProcess {
  port: number
  child: ChildProcess
  log(): string
  /** SIGTERM, then the exit code (or the signal that ended it). */
  stop(signal?: NodeJS.Signals): Promise<number | string>
}

/**
 * Starts `bin/upto serve` as a child process and waits until its HTTP API answers. Its store is a data
 * folder, or `{ store: 'postgres://...' }`.
 */
export async function startCollectorProcess(
  data: string | { store: string },
  port?: number,
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<CollectorProcess> {
  const chosen = port ?? (await freePort())
  const where = typeof data === 'string' ? ['--data', data] : ['--store', data.store]
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(chosen), ...where, ...(options.args ?? [])], {
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk))
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  )
  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`collector exited early:\n${output}`)
    try {
      if ((await fetch(`http://127.0.0.1:${chosen}/api/`)).ok) break
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`collector did not answer within 15 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    port: chosen,
    child,
    log: () => output,
    async stop(signal = 'SIGTERM') {
      child.kill(signal)
      return exited
    },
  }
}

/** Polls `probe` until it returns a value, for at most `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
