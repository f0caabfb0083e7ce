// The service graph: who talks to whom and how it goes, as servicegraph's SDK reports it — POST /submit, the
// frontend's queries, the map at /graph, `upto graph` and `upto edge`.

import type { Facet } from '../types.ts'
import { addGraphCommands } from './commands.ts'

export const graph: Facet = {
  name: 'graph',
  commands: addGraphCommands,
  collector: async () => (await import('./collector.ts')).graphCollector,
}
