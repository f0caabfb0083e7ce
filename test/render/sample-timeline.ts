// A small deploy: nested steps, one step on two hosts, a retry, a mark, an orphan end, a running step.

import type { Timeline } from '../../src/core/types.ts'
import { T0, implied, makeTimeline, mark, orphan, span } from './make-timeline.ts'

export const NOW = T0 + 9_000

export function sampleTimeline(): Timeline {
  return makeTimeline([
    implied('deploy', 0),
    implied('deploy.db', 0, 6_200),
    span('deploy.db.migrate', [[0, 1_500, 'error'], [2_000, 6_200]], { host: 'db-1' }),
    span('deploy.web', [1_000, 4_200], { host: 'web-1' }),
    span('deploy.web', [1_300, 5_000, 'error'], { host: 'web-2' }),
    mark('deploy.web.ready', 5_000),
    span('deploy.smoke', [[6_500]]),
    orphan('deploy.cleanup', 3_000),
  ])
}
