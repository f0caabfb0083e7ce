// Which runs a comparison takes when not both are named: the target (named, else the newest) and the finished
// runs just before it — one, or the N of a baseline.

export interface RunRef {
  id: string
  running: boolean
}

export type Picked = { target: string; before: string[] } | { problem: string }

/** `list` newest first. */
export function pickRuns(list: readonly RunRef[], context: string, target: string | undefined, count: number): Picked {
  if (list.length === 0) return { problem: `"${context}" has no timeline yet` }
  const at = target === undefined ? 0 : list.findIndex((t) => t.id === target)
  if (at < 0) return { problem: `timeline "${target}" is not among the newest ${list.length} of "${context}": name both runs` }
  const id = list[at]!.id
  const before = list.slice(at + 1).filter((t) => !t.running).slice(0, count).map((t) => t.id)
  if (before.length === 0) return { problem: `"${context}" has no finished run before ${id}: nothing to compare it with` }
  return { target: id, before }
}
