// CDEvents (cdviz on upto): CI/CD events from any tool that speaks CDEvents, as CloudEvents over HTTP. Runs become
// timelines (mapping.ts), every event is kept in a lake shaped like cdviz's, and the facet answers what version
// of each service runs in each environment, and the DORA figures.

import type { Facet } from '../types.ts'
import { addCdeventCommands } from './commands.ts'

export const cdevents: Facet = {
  name: 'cdevents',
  commands: addCdeventCommands,
  collector: async () => (await import('./collector.ts')).cdeventsCollector(),
}
