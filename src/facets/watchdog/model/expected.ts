// Expected services (`[[watchdog.expected]]`): which known service each one is, whether a service was expected,
// and which required ones are not up.

import { isUp } from './states.ts'
import type { ExpectedService, Service } from './types.ts'

const fields = ['gid', 'name', 'location', 'room', 'device'] as const

/** Whether the service is this expected one: every field the configuration gives matches. */
export function matches(expected: ExpectedService, service: Service): boolean {
  const own = { gid: service.gid, name: service.identifier.name, location: service.identifier.location, room: service.identifier.room, device: service.identifier.device }
  return fields.every((field) => expected[field] === undefined || expected[field] === own[field])
}

/** The expected entry a service is, if any. */
export function expectationOf(expectations: readonly ExpectedService[], service: Service): ExpectedService | undefined {
  return expectations.find((expected) => matches(expected, service))
}

/** A short name of an expected entry, for a page and a metric: its gid, else its other fields. */
export function expectedLabel(expected: ExpectedService): string {
  return expected.gid ?? fields.flatMap((field) => (expected[field] === undefined ? [] : [`${field}=${expected[field]}`])).join(',')
}

/** The expected entries matched by no service yet. */
export function missing(expectations: readonly ExpectedService[], services: readonly Service[]): ExpectedService[] {
  return expectations.filter((expected) => !services.some((service) => service.state !== 'archived' && matches(expected, service)))
}

/** How many required entries have no active service. */
export function requiredDown(expectations: readonly ExpectedService[], services: readonly Service[]): number {
  return expectations.filter((expected) => expected.necessity === 'required' && !services.some((service) => isUp(service) && matches(expected, service))).length
}
