// What `[sources.NAME]` and `[sinks.NAME]` sections may say: each registered type's settings, for the configuration.

import type { SectionRegistry } from '../config/sections.ts'
import { facetSettings } from '../facets/index.ts'
import { sinkTypes } from '../sinks/index.ts'
import { sourceTypes } from '../sources/index.ts'

export const sectionTypes: SectionRegistry = {
  sources: Object.fromEntries(sourceTypes.map((type) => [type.type, type.settings])),
  sinks: Object.fromEntries(sinkTypes.map((type) => [type.type, type.settings])),
  keys: facetSettings,
}
