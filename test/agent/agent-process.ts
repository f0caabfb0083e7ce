// `bin/upto agent` as a child process, for the tests that run the real built command (npm run build).

import { spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { bin } from '../helpers/collector-process.ts'

export interface AgentProcess {
  log(): string
  /** Resolves once the log holds `text`. */
  said(text: string, ms?: number): Promise<void>
  stop(signal?: NodeJS.Signals): Promise<number | string>
}

export async function startAgentProcess(args: string[], env: Record<string, string> = {}): Promise<AgentProcess> {
  const child = spawn(process.execPath, [bin, 'agent', ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const waiting = new Set<() => void>()
  const take = (chunk: Buffer) => {
    output += chunk
    for (const wake of waiting) wake()
  }
  child.stdout.on('data', take)
  child.stderr.on('data', take)
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => {
    resolve(code ?? signal ?? 'unknown')
    for (const wake of waiting) wake()
  }))
  const said = async (text: string, ms = 15_000) => {
    const deadline = Date.now() + ms
    while (!output.includes(text)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the agent exited before saying "${text}":\n${output}`)
      if (Date.now() > deadline) throw new Error(`the agent did not say "${text}" within ${ms} ms:\n${output}`)
      await new Promise<void>((resolve) => {
        waiting.add(resolve)
        setTimeout(resolve, 200)
      }).finally(() => waiting.clear())
    }
  }
  await said('listening on udp')
  return {
    log: () => output,
    said,
    async stop(signal = 'SIGTERM') {
      child.kill(signal)
      return exited
    },
  }
}

/** Sends each datagram to 127.0.0.1:port, a few at a time so that the loopback never drops one. */
export async function sendDatagrams(port: number, datagrams: readonly Uint8Array[]): Promise<void> {
  const socket = createSocket('udp4')
  for (let i = 0; i < datagrams.length; i++) {
    await new Promise<void>((resolve, reject) => socket.send(datagrams[i]!, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())))
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve))
  }
  socket.close()
}
