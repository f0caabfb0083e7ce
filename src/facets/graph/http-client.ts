// The commands' calls to the collector: a POST of JSON with a deadline, its failures said as the CLI says them.

import { httpBase, resolveDestination } from '../../cli/destination.ts'
import { CliError } from '../../cli/errors.ts'
import type { Io } from '../../cli/io.ts'

export interface ClientFlags {
  remotehost?: string
  remoteport?: string
  timeout?: string
}

/** Posts `body` to `path`; answers the response once it is 2xx, else a CliError with the collector's message. */
export async function postJson(io: Io, flags: ClientFlags, path: string, body: unknown, token?: string): Promise<Response> {
  const base = httpBase(resolveDestination(flags, io.env))
  const seconds = Number(flags.timeout ?? '5')
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(base + path, {
      method: 'POST', headers, body: JSON.stringify(body),
      signal: AbortSignal.timeout((Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1_000),
    })
  } catch (error) {
    throw new CliError(`could not reach the collector at ${base}: ${(error as Error).message} (is "upto serve" running?)`)
  }
  if (response.ok) return response
  const text = await response.text()
  let message = text
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text
  } catch {
    // not upto's JSON error: said as it came
  }
  if (response.status === 401 || response.status === 403) {
    throw new CliError(`collector at ${base} refused ${path} (HTTP ${response.status}): ${message} — set UPTO_TOKEN`)
  }
  throw new CliError(`collector at ${base} answered HTTP ${response.status} for ${path}: ${message}`)
}

export const writeToken = (io: Io) => io.env.UPTO_TOKEN || undefined
export const readToken = (io: Io) => io.env.UPTO_TOKEN || io.env.UPTO_READ_TOKEN || undefined
