import { usageError } from './errors.ts'

export interface Destination {
  host: string
  port: number
}

export const defaultPort = 8123
const defaultHost = '127.0.0.1'

/** --remotehost/--remoteport win over UPTO_SERVER=host:port, which wins over 127.0.0.1:8123. */
export function resolveDestination(
  options: { remotehost?: string; remoteport?: string },
  env: Readonly<Record<string, string | undefined>>,
): Destination {
  const fromEnv = env.UPTO_SERVER ? parseServer(env.UPTO_SERVER) : undefined
  const host = options.remotehost ?? fromEnv?.host ?? defaultHost
  const port = options.remoteport !== undefined ? parsePort(options.remoteport, '--remoteport') : (fromEnv?.port ?? defaultPort)
  if (host === '') throw usageError('invalid --remotehost "": expected a host name or IP address')
  return { host, port }
}

/** `host:port`, `host`, `[::1]:8123`, or `http://host:port`. */
export function parseServer(value: string): Destination {
  const bare = value.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '')
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(bare)
  const [host, port] = bracketed ? [bracketed[1] ?? '', bracketed[2]] : splitHostPort(bare)
  if (host === '') throw usageError(`invalid UPTO_SERVER "${value}": expected host:port, like 127.0.0.1:8123`)
  return { host, port: port === undefined ? defaultPort : parsePort(port, 'UPTO_SERVER port') }
}

export function parsePort(value: string, what: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw usageError(`invalid ${what} "${value}": expected a port number from 1 to 65535`)
  }
  return port
}

/** The base URL of the collector's HTTP API. */
export function httpBase({ host, port }: Destination): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

function splitHostPort(value: string): [string, string | undefined] {
  const colon = value.lastIndexOf(':')
  if (colon === -1 || value.indexOf(':') !== colon) return [value, undefined]
  return [value.slice(0, colon), value.slice(colon + 1)]
}
