// Timelines: runs of a context drawn as Gantt charts — `upto ls` and `upto gantt`, the read API (HAL), the web
// pages and their live updates.

import type { Facet } from '../types.ts'
import { addTimelineCommands } from './commands.ts'

export const timelines: Facet = {
  name: 'timelines',
  commands: addTimelineCommands,
  collector: async () => (await import('./collector.ts')).timelinesCollector,
}
