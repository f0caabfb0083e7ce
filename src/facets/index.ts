// Every facet of upto, in the order their commands appear in --help. Adding one is its folder and a line here.

import { analysis } from './analysis/facet.ts'
import { exchange } from './exchange/facet.ts'
import { graph } from './graph/facet.ts'
import { timelines } from './timelines/facet.ts'
import type { Facet } from './types.ts'

export const facets: readonly Facet[] = [timelines, analysis, exchange, graph]
