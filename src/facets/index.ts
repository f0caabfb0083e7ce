// Every facet of upto, in the order their commands appear in --help. Adding one is its folder and a line here.

import { analysis } from './analysis/facet.ts'
import { exchange } from './exchange/facet.ts'
import { payloads } from './payloads/facet.ts'
import { cdevents } from './cdevents/facet.ts'
import { graph } from './graph/facet.ts'
import { watchdog } from './watchdog/facet.ts'
import { timelines } from './timelines/facet.ts'
import type { Settings } from '../config/settings.ts'
import type { Facet } from './types.ts'

export const facets: readonly Facet[] = [timelines, analysis, exchange, payloads, graph, watchdog, cdevents]

/** Every facet's own keys of the collector's configuration. */
export const facetSettings: Settings = Object.assign({}, ...facets.map((facet) => facet.settings ?? {}))
