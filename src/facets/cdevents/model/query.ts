// The query of the deployments and DORA routes, pages and commands: ?env=prod&service=web&days=30. Pure.

import { DAY, type Window } from './dora.ts'

export interface DeliveryQuery {
  environment?: string
  service?: string
  /** The DORA window: the last `days` days up to now. */
  days: number
}

export const defaultDays = 30

export class BadQuery extends Error {}

export function readDeliveryQuery(q: Readonly<Record<string, string | undefined>>): DeliveryQuery {
  const out: DeliveryQuery = { days: defaultDays }
  if (q.env !== undefined && q.env !== '') out.environment = q.env
  if (q.service !== undefined && q.service !== '') out.service = q.service
  if (q.days !== undefined && q.days !== '') {
    const days = Number(q.days)
    if (!Number.isFinite(days) || days <= 0 || days > 3_660) throw new BadQuery(`days ${JSON.stringify(q.days)}: expected a number of days above 0, at most 3660`)
    out.days = days
  }
  return out
}

export function windowOf(query: DeliveryQuery, now: number): Window {
  return { from: now - query.days * DAY, to: now + 1 }
}
