// Who the service is, as an onboarding request says it: the flags, this machine's names and addresses, and
// the gid and session it had last (kept in the data folder, so a restart keeps its gid).

import { createHash } from 'node:crypto'
import { hostname, networkInterfaces } from 'node:os'
import type { Identifier } from './messages.ts'

export interface ServiceFlags {
  name: string
  type: string
  module: string
  version: string
  location: string
  room: string
  device: string
  description: string
}

export function identifier(
  service: ServiceFlags,
  last: { gid: string; session: number } | undefined,
  config: unknown,
  interfaces = networkInterfaces(),
  host = hostname(),
): Identifier {
  const addresses = Object.values(interfaces).flatMap((list) => list ?? []).filter((a) => !a.internal)
  const ips = addresses.map((a) => a.address)
  const macs = [...new Set(addresses.map((a) => a.mac).filter((mac) => mac !== '00:00:00:00:00:00'))]
  return {
    'last-gid': last?.gid ?? null,
    'last-session': last?.session ?? null,
    type: service.type,
    module: service.module,
    version: service.version,
    name: service.name,
    location: service.location,
    room: service.room,
    device: service.device,
    description: service.description,
    'host-name': host,
    'node-id': `${host}/${service.name}`,
    'mqtt-client-local-ip': addresses.find((a) => a.family === 'IPv4')?.address ?? '127.0.0.1',
    ips,
    'mac-addresses': macs,
    'config-hash': createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16),
  }
}
