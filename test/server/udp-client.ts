// Sends datagrams to a collector in tests, and polls its HTTP API.

import { createSocket } from 'node:dgram'

export interface UdpClient {
  send(bytes: Uint8Array | string): Promise<void>
  close(): void
}

export function udpClient(port: number, host = '127.0.0.1'): UdpClient {
  const socket = createSocket('udp4')
  return {
    send: (bytes) =>
      new Promise((resolve, reject) => socket.send(bytes, port, host, (error) => (error ? reject(error) : resolve()))),
    close: () => socket.close(),
  }
}

/** Retries `check` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`gave up after ${ms} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A small seeded generator (mulberry32), so a flood is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A value of a Prometheus sample, e.g. `upto_events_stored_total`, or 0 when absent. */
export function sample(text: string, name: string): number {
  let sum = 0
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return sum
}
