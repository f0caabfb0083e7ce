// `upto config`: prints the configuration `upto serve` would run with, given the same file, environment
// and flags — refusing what serve would refuse.

import type { Io } from '../cli/io.ts'
import { loadCollectorConfiguration } from './collector-configuration.ts'
import { renderConfiguration } from './print.ts'
import { type SectionRegistry, noSectionTypes } from './sections.ts'

export async function showConfiguration(io: Io, flags: Readonly<Record<string, unknown>>, registry: SectionRegistry = noSectionTypes): Promise<void> {
  io.out(renderConfiguration(await loadCollectorConfiguration({ env: io.env, flags, registry })))
}
