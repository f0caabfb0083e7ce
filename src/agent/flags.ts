// upto agent's flags, read once and checked: each wrong value is named with what was expected.

import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { parseByteSize } from '../core/byte-size.ts'
import { parseDuration } from '../core/duration.ts'
import { usageError } from '../cli/errors.ts'
import { defaultPort } from '../cli/destination.ts'
import { defaultDataDir } from '../cli/paths.ts'

export interface AgentFlags {
  collector?: string
  serve?: string
  token?: string
  tokenFile?: string
  host?: string
  port?: string
  data?: string
  bufferSize?: string
  id?: string
  retryMax?: string
}

export interface RelaySettings {
  dataDir: string
  id?: string | undefined
  udp: { host: string; port: number }
  collector?: URL | undefined
  serve?: { host: string; port: number } | undefined
  token?: string | undefined
  bufferBytes: number
  retryMaxMs: number
}

/** The pull server's port when --serve names only a host, or nothing but itself. */
export const defaultPullPort = 8124

export function readRelayFlags(flags: AgentFlags, env: Readonly<Record<string, string | undefined>>): RelaySettings {
  const collector = flags.collector === undefined ? undefined : readUrl(flags.collector)
  const serve = flags.serve === undefined ? undefined : readAddress(flags.serve, '--serve', defaultPullPort)
  const bufferBytes = parseByteSize(flags.bufferSize ?? '64MiB')
  if (bufferBytes === undefined || bufferBytes < 64 * 1024) {
    throw usageError(`invalid --buffer-size "${flags.bufferSize}": expected a size of 64KiB or more, like 64MiB or 1GB`)
  }
  const retryMaxMs = readDuration(flags.retryMax ?? '30s', '--retry-max')
  const host = flags.host ?? '127.0.0.1'
  if (isIP(host) === 0 && host !== 'localhost') throw usageError(`invalid --host "${host}": expected an IP address to listen on, like 127.0.0.1 or 0.0.0.0`)
  return {
    dataDir: flags.data ?? `${defaultDataDir(env)}-agent`,
    id: flags.id,
    udp: { host, port: flags.port === undefined ? defaultPort : readPort(flags.port, '--port') },
    collector,
    serve,
    token: readToken(flags, env),
    bufferBytes,
    retryMaxMs,
  }
}

function readUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw usageError(`invalid --collector "${text}": expected the collector's URL, like http://collector.internal:8123`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`invalid --collector "${text}": expected an http:// or https:// URL, like http://collector.internal:8123`)
  }
  return url
}

/** `host:port`, `host`, `:port` or `[::1]:port`. */
export function readAddress(text: string, flag: string, port: number): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text)
  const [host, given] = bracketed ? [bracketed[1]!, bracketed[2]] : text.includes(':') ? [text.slice(0, text.lastIndexOf(':')), text.slice(text.lastIndexOf(':') + 1)] : [text, undefined]
  const address = host === '' ? '127.0.0.1' : host
  if (isIP(address) === 0 && address !== 'localhost') throw usageError(`invalid ${flag} "${text}": expected an address to listen on, like 0.0.0.0:${port} or 127.0.0.1`)
  return { host: address, port: given === undefined ? port : readPort(given, flag) }
}

/** `30s`, `5m`, `1h30m`, or milliseconds `500ms`. */
export function readDuration(text: string, flag: string): number {
  const millis = /^(\d+)ms$/.exec(text.trim())
  const ms = millis ? Number(millis[1]) : parseDuration(text)
  if (ms === undefined || ms <= 0) throw usageError(`invalid ${flag} "${text}": expected a duration like 500ms, 30s or 5m`)
  return ms
}

export function readPort(text: string, flag: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) throw usageError(`invalid ${flag} "${text}": expected a port number from 0 to 65535`)
  return port
}

function readToken(flags: AgentFlags, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (flags.tokenFile !== undefined) {
    let text: string
    try {
      text = readFileSync(flags.tokenFile, 'utf8').trim()
    } catch (error) {
      throw usageError(`cannot read --token-file "${flags.tokenFile}": ${error instanceof Error ? error.message : String(error)}`)
    }
    if (text === '') throw usageError(`--token-file "${flags.tokenFile}" is empty: expected the token`)
    return text
  }
  const token = flags.token ?? env.UPTO_TOKEN
  return token === '' ? undefined : token
}
