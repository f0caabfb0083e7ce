// Analysis: "why is it slower than last time?" — compare two runs, the history of each step, the critical path.

import type { Facet } from '../types.ts'
import { addAnalysisCommands } from './commands.ts'

export const analysis: Facet = {
  name: 'analysis',
  commands: addAnalysisCommands,
  collector: async () => (await import('./collector.ts')).analysisCollector,
}
