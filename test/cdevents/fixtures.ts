// The spec's conformance events (test/fixtures/cdevents/), read for the tests.

import { readdirSync, readFileSync } from 'node:fs'

const root = new URL('../fixtures/cdevents/', import.meta.url)

export interface Fixture {
  version: string
  file: string
  event: any
}

export const fixtures: Fixture[] = readdirSync(root).filter((d) => d.startsWith('v')).sort().flatMap((version) =>
  readdirSync(new URL(`${version}/`, root)).filter((f) => f.endsWith('.json')).sort().map((file) => ({
    version, file, event: JSON.parse(readFileSync(new URL(`${version}/${file}`, root), 'utf8')),
  })))

export const fixture = (version: string, file: string): any => structuredClone(fixtures.find((f) => f.version === version && f.file === file)!.event)
