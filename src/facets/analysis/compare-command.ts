// upto compare CTX [A] [B]: per step, the duration in each run and the difference, most added first.
// No run named: the newest against the successful run before it. One: that run against the one before it. Two: A
// against B. --baseline N: B (named, or the newest) against the median of the N successful runs before it.
// Failed runs before are left out and named; the successful runs before the newer one give each step its spread.

import { compareRuns, type Comparison } from './model/compare.ts'
import { comparePicked, pickedIds } from './model/compare-picked.ts'
import { pickRuns, spreadRuns, successfulBefore } from '../../core/pick-runs.ts'
import { profileOf } from './model/run-profile.ts'
import { spreadsOf } from './model/step-spread.ts'
import { renderComparison } from './compare-table.ts'
import { CliError, usageError } from '../../cli/errors.ts'
import { wantsColor, type Io } from '../../cli/io.ts'
import { openReader, type ReadOptions } from '../../cli/open-reader.ts'
import { listRuns, loadRun, loadRuns, positiveInteger, runRef } from '../../cli/load-runs.ts'

export interface CompareOptions extends ReadOptions {
  baseline?: string
  limit?: string
  json?: boolean
}

export async function compare(io: Io, context: string, a: string | undefined, b: string | undefined, options: CompareOptions): Promise<void> {
  const baseline = options.baseline === undefined ? undefined : positiveInteger(options.baseline, '--baseline')
  const limit = options.limit === undefined ? undefined : positiveInteger(options.limit, '--limit')
  if (baseline !== undefined && b !== undefined) throw usageError('--baseline compares one run with the runs before it: name one run, not two')
  const reader = await openReader(io, options)
  try {
    const now = io.now()
    let result: Comparison
    if (a !== undefined && b !== undefined) {
      const [ta, tb] = await loadRuns(reader, context, [a, b])
      const earlier = successfulBefore((await listRuns(reader, context)).map(runRef), tb!.id)
      const spread = (await loadRuns(reader, context, earlier)).map((t) => profileOf(t, now))
      result = compareRuns(profileOf(ta!, now), profileOf(tb!, now), { spread: spreadsOf(spread) })
    } else {
      const list = (await listRuns(reader, context, a === undefined ? Math.max(baseline ?? 1, spreadRuns) + 20 : undefined)).map(runRef)
      if (a !== undefined && !list.some((t) => t.id === a)) await loadRun(reader, context, a) // is it there at all?
      const picked = pickRuns(list, context, a, baseline ?? 1)
      if ('problem' in picked) throw new CliError(picked.problem)
      const ids = pickedIds(picked)
      const profiles = new Map((await loadRuns(reader, context, ids)).map((t, i) => [ids[i]!, profileOf(t, now)]))
      result = comparePicked(picked, (id) => profiles.get(id)!, baseline)
    }
    if (options.json) io.out(`${JSON.stringify(result, null, 2)}\n`)
    else io.out(renderComparison(result, { color: wantsColor(io), width: io.columns, ...(limit === undefined ? {} : { limit }) }).map((l) => `${l}\n`).join(''))
  } finally {
    await reader.close()
  }
}
