// What `upto serve` says at start-up about who can reach it and what they may do, so that an open
// collector is a choice someone read about, not an accident.

import { isIP } from 'node:net'

export interface Exposure {
  host: string
  token?: string | undefined
  readToken?: string | undefined
  udpKey?: string | undefined
}

export interface ExposureLine {
  level: 'info' | 'warn'
  text: string
}

/** Loopback: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true
  return isIP(host) === 4 && host.startsWith('127.')
}

export function describeExposure({ host, token, readToken, udpKey }: Exposure): ExposureLine[] {
  const local = isLoopback(host)
  const who = local ? 'processes on this machine' : 'anyone who can reach the port'
  const lines: ExposureLine[] = [
    local
      ? { level: 'info', text: `bound to ${host}: only this machine can reach the collector (--host 0.0.0.0 to listen on every interface)` }
      : { level: 'info', text: `bound to ${host}: other machines can reach the collector` },
  ]
  const open = local ? 'info' : 'warn'
  lines.push(token === undefined
    ? { level: open, text: `http writes are open to ${who}: set --token (or UPTO_TOKEN, --token-file) to require Authorization: Bearer` }
    : { level: 'info', text: 'http writes need the --token (Authorization: Bearer)' })
  lines.push(readToken === undefined
    ? { level: 'info', text: `http reads (API, pages, live updates, metrics) are open to ${who}: set --read-token to require one` }
    : { level: 'info', text: 'http reads need the --read-token or the --token (Bearer, or as the password a browser asks for)' })
  lines.push(udpKey === undefined
    ? { level: open, text: `udp is open to ${who}, as in the original upto: set --udp-key (or UPTO_UDP_KEY) to accept signed datagrams only` }
    : { level: 'info', text: 'udp accepts only datagrams signed with the --udp-key (HMAC-SHA256); others are refused and counted' })
  return lines
}
