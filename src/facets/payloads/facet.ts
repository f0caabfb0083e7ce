// Payload tracking: follow one upload through every service, as RedHatInsights' payload-tracker does. Services send
// status messages (HTTP, NATS, any source with `format = "payload-status"`); each payload is a timeline of the
// `payloads` context, so it has every view upto has, and the facet answers payload-tracker-go's API beside it.

import type { Facet } from '../types.ts'
import { addPayloadCommands } from './commands.ts'

export const payloads: Facet = {
  name: 'payloads',
  commands: addPayloadCommands,
  collector: async () => (await import('./collector.ts')).payloadsCollector,
}
