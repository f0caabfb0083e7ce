// Payload tracking: follow one upload through every service, as RedHatInsights' payload-tracker does. Services send
// status messages (HTTP, NATS, any source with `format = "payload-status"`); each payload is a timeline of the
// `payloads` context, so it has every view upto has, and the facet answers payload-tracker-go's API beside it.

import type { Facet } from '../types.ts'
import { addPayloadCommands } from './commands.ts'

export const payloads: Facet = {
  name: 'payloads',
  commands: addPayloadCommands,
  settings: {
    payloads_context: { type: 'string', description: 'the context payload timelines are in', default: 'payloads' },
    payloads_request_id_length: { type: 'integer', min: 0, description: 'the length a payload status\'s request_id must have; 0 for any', default: 32 },
  },
  collector: async (settings) => (await import('./collector.ts')).payloadsCollector({
    context: settings.payloads_context as string | undefined,
    requestIdLength: settings.payloads_request_id_length as number | undefined,
  }),
}
