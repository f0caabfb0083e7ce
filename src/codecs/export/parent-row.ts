// A row's parent in the exported tree: the nearest ancestor row by name, on the same host when there is one.

import type { Row, Timeline } from '../../core/types.ts'

/** Index of each row's parent (undefined for a root or a row whose ancestors have no row). */
export function parentRows(timeline: Timeline): (number | undefined)[] {
  const byName = new Map<string, number[]>()
  timeline.rows.forEach((row, i) => {
    if (row.kind === 'mark') return
    const list = byName.get(row.name)
    if (list) list.push(i)
    else byName.set(row.name, [i])
  })
  return timeline.rows.map((row) => parentOf(row, timeline.rows, byName))
}

function parentOf(row: Row, rows: readonly Row[], byName: ReadonlyMap<string, number[]>): number | undefined {
  let name = row.name
  for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.')) {
    name = name.slice(0, dot)
    const candidates = byName.get(name)
    if (candidates) return candidates.find((i) => rows[i]!.host === row.host) ?? candidates[0]
  }
  return undefined
}
