import { resolveDestination } from './destination.ts'
import { httpReader } from './http-reader.ts'
import type { Io } from './io.ts'
import type { Reader } from './reader.ts'

export interface ReadOptions {
  data?: string
  remotehost?: string
  remoteport?: string
  timeout?: string
}

/** --data reads the folder directly; otherwise the collector is asked over HTTP. */
export async function openReader(io: Io, options: ReadOptions): Promise<Reader> {
  if (options.data !== undefined) return (await import('./store-reader.ts')).storeReader(options.data, io.now)
  const seconds = Number(options.timeout ?? '5')
  const token = io.env.UPTO_READ_TOKEN || io.env.UPTO_TOKEN || undefined
  return httpReader(resolveDestination(options, io.env), (Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1_000, token)
}
