// What the payloads facet adds to the collector: the payload-status format (with its HTTP path), the index kept
// beside the events, payload-tracker's API, and the indexer that keeps the index up with the events.

import type { CollectorFacet, FacetContext } from '../types.ts'
import { addPayloadApi } from './api.ts'
import { PAYLOAD_CSS, addPayloadPages } from './pages.ts'
import { createPayloadFormat } from './format.ts'
import { startIndexer } from './indexer.ts'
import { payloadIndex, preparePayloadIndex } from './store.ts'

function indexOf(context: FacetContext) {
  if (context.state === undefined) throw new Error('the payloads facet needs a store that keeps facet state (LevelDB, PostgreSQL, memory)')
  return payloadIndex(context.state)
}

export const payloadsCollector: CollectorFacet = {
  formats: [createPayloadFormat()],
  styles: [PAYLOAD_CSS],
  prepare: preparePayloadIndex,
  routes(app, context) {
    if (context.state === undefined) return
    const deps = { store: context.store, index: indexOf(context), now: context.now }
    addPayloadApi(app, deps)
    addPayloadPages(app, deps)
  },
  async start(context) {
    if (context.state === undefined) return { close: async () => {} }
    return startIndexer({ store: context.store, index: indexOf(context), changes: context.changes, removals: context.removals, log: context.log })
  },
}
