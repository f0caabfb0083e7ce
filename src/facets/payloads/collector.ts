// What the payloads facet adds to the collector: the payload-status format (with its HTTP path), the index kept
// beside the events, payload-tracker's API and pages, and the indexer that keeps the index up with the events.

import type { CollectorFacet, FacetContext } from '../types.ts'
import { addPayloadApi } from './api.ts'
import { createPayloadFormat } from './format.ts'
import { startIndexer } from './indexer.ts'
import { defaultRequestIdLength, payloadsContext } from './model/status.ts'
import { PAYLOAD_CSS, addPayloadPages } from './pages.ts'
import { payloadIndex, preparePayloadIndex } from './store.ts'

export interface PayloadSettings {
  /** payloads_context: the context the payloads' timelines are in. */
  context?: string
  /** payloads_request_id_length: the length a request_id must have; 0, any. */
  requestIdLength?: number
}

function indexOf(context: FacetContext) {
  if (context.state === undefined) throw new Error('the payloads facet needs a store that keeps facet state (LevelDB, PostgreSQL, memory)')
  return payloadIndex(context.state)
}

export function payloadsCollector(settings: PayloadSettings = {}): CollectorFacet {
  const context = settings.context ?? payloadsContext
  return {
    formats: [createPayloadFormat(settings.requestIdLength ?? defaultRequestIdLength, context)],
    styles: [PAYLOAD_CSS],
    prepare: preparePayloadIndex,
    routes(app, facet) {
      if (facet.state === undefined) return
      const deps = { store: facet.store, index: indexOf(facet), now: facet.now, context }
      addPayloadApi(app, deps)
      addPayloadPages(app, deps)
    },
    async start(facet) {
      if (facet.state === undefined) return { close: async () => {} }
      return startIndexer({ store: facet.store, index: indexOf(facet), changes: facet.changes, removals: facet.removals, log: facet.log, context })
    },
  }
}
