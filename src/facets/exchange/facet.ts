// Exchange: timelines to and from other tools — export (Chrome trace, OTLP, Mermaid, CSV, JSON) and import
// (.ninja_log, trace events, packer logs). The formats themselves are codecs (codecs/export, codecs/import).

import type { Facet } from '../types.ts'
import { addExchangeCommands } from './commands.ts'

export const exchange: Facet = { name: 'exchange', commands: addExchangeCommands }
