// The service graph: who talks to whom and how it goes, as servicegraph's SDK reports it — POST /submit, the
// frontend's queries, the map at /graph, `upto graph` and `upto edge`.

import type { Facet } from '../types.ts'
import { addGraphCommands } from './commands.ts'

export const graph: Facet = {
  name: 'graph',
  commands: addGraphCommands,
  settings: {
    graph_retain: {
      type: 'duration',
      description: 'how long edge buckets are kept (nodes stay); --retain when that is shorter; default 30d',
    },
    graph_submit_from: {
      type: 'strings',
      description: 'addresses or networks (10.0.0.0/8) whose POST /submit needs no --token: servicegraph\'s SDK sends none',
    },
  },
  collector: async (settings) => (await import('./collector.ts')).graphCollector({
    retainMs: settings.graph_retain as number | undefined,
    submitFrom: settings.graph_submit_from as readonly string[] | undefined,
  }),
}
