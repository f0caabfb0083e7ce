// upto history CTX [STEP]: per step over the last N finished runs: runs, p50, p90 (over the successful runs),
// last, a sparkline, and how often it failed and was retried.

import { didYouMean } from '../../core/closest.ts'
import { profileOf } from './model/run-profile.ts'
import { stepHistory } from './model/step-history.ts'
import { renderHistory } from './history-table.ts'
import { CliError } from '../../cli/errors.ts'
import { wantsColor, type Io } from '../../cli/io.ts'
import { openReader, type ReadOptions } from '../../cli/open-reader.ts'
import { listRuns, loadRuns, positiveInteger } from '../../cli/load-runs.ts'

export interface HistoryOptions extends ReadOptions {
  limit: string
  json?: boolean
}

export async function history(io: Io, context: string, step: string | undefined, options: HistoryOptions): Promise<void> {
  const limit = positiveInteger(options.limit, '--limit')
  const reader = await openReader(io, options)
  try {
    const now = io.now()
    const finished = (await listRuns(reader, context, limit)).filter((t) => !t.running)
    const timelines = await loadRuns(reader, context, finished.map((t) => t.id).reverse())
    const profiles = timelines.map((t) => profileOf(t, now))
    const result = stepHistory(profiles, step === undefined ? {} : { step })
    if (step !== undefined && result.steps.length === 0) {
      const near = didYouMean(step, new Set(profiles.flatMap((p) => p.steps.map((s) => s.name))))
      throw new CliError(`no step "${step}" in the last ${finished.length} finished runs of "${context}"${near}`)
    }
    if (options.json) io.out(`${JSON.stringify(result, null, 2)}\n`)
    else io.out(renderHistory(result, { color: wantsColor(io), width: io.columns }).map((l) => `${l}\n`).join(''))
  } finally {
    await reader.close()
  }
}
