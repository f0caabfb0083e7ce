// payload-tracker-go's database seed (test/fixtures/payload-tracker/seed.json) as the status messages its rows
// were made from: ids resolved to the names of services, sources and statuses.

import { readFileSync } from 'node:fs'

interface Seed {
  services: { name: string }[]
  sources: { name: string }[]
  statuses: { name: string }[]
  payloads: { request_id: string; account: string | null; inventory_id: string | null; system_id: string | null; org_id: string | null }[]
  payload_statuses: { payload_id: number; service_id: number; source_id: number; status_id: number; status_msg: string | null; date: string }[]
}

export const seed = JSON.parse(readFileSync(new URL('../fixtures/payload-tracker/seed.json', import.meta.url), 'utf8')) as Seed

/** Each payload_status row as the message a service sent: 1-based ids, as the seeder inserts them. */
export function seedMessages(): Record<string, unknown>[] {
  return seed.payload_statuses.map((row) => {
    const payload = seed.payloads[row.payload_id - 1]!
    const message: Record<string, unknown> = {
      service: seed.services[row.service_id - 1]!.name,
      source: seed.sources[row.source_id - 1]!.name,
      request_id: payload.request_id,
      status: seed.statuses[row.status_id - 1]!.name,
      date: row.date,
    }
    if (row.status_msg !== null) message.status_msg = row.status_msg
    for (const field of ['account', 'org_id', 'inventory_id', 'system_id'] as const) if (payload[field] !== null) message[field] = payload[field]
    return message
  })
}
