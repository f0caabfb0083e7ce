// The graph store over a facet's key space (LevelDB, memory). Keys put a project's buckets in time order, so
// a window is one range read:
//   p\0<project>                                      a project reported
//   n\0<project>\0<node>                              [type, name, parent, description, class]
//   m\0<project>\0<minute>\0<from>\0<to>\0<status>    n
//   h\0<project>\0<hour>\0<from>\0<to>\0<status>      [n, newest minute]
//   i\0<project>\0<from>\0<to>                        [description, class]
// Sums are read, added to and written back by one writer at a time (group-commit.ts): LevelDB has one collector.
// So this collector sees every write, and the queries are answered from memory (model/recent.ts: the last day of
// counts; the nodes and descriptions), loaded once, alone between two writes, when the first query comes.

import type { KeyOp, KeyState } from '../../store/types.ts'
import { windowRows, type GraphStore } from './graph-store.ts'
import { groupCommit } from './group-commit.ts'
import { mergeReports, type BucketSum, type MergedBatch } from './model/merge.ts'
import { RECENT_HOURS, interner, recentBuckets, type Intern, type RecentBuckets } from './model/recent.ts'
import { HOUR, edgeInfos, setEdgeInfo, type EdgeInfo, type EdgeInfos, type EdgeRow, type EdgeStatus, type GraphNode, type NodeType, type Report, type Resolution } from './model/types.ts'

type NodeValue = [NodeType, string, string | null, string | null, string | null]
type HourValue = [number, number]
type InfoValue = [string | null, string | null]

const statusCode: Record<EdgeStatus, string> = { ok: 'o', expected_error: 'e', unexpected_error: 'u' }
const statusOf: Record<string, EdgeStatus> = { o: 'ok', e: 'expected_error', u: 'unexpected_error' }
const project = (id: number) => String(id).padStart(16, '0')
const time = (ms: number) => String(ms).padStart(14, '0')
const prefixOf = (resolution: Resolution) => (resolution === 'minute' ? 'm' : 'h')
const bucketKey = (kind: string, b: BucketSum) => `${kind}\0${project(b.projectId)}\0${time(b.ts)}\0${b.from}\0${b.to}\0${statusCode[b.status]}`
/** The greatest bucket start a key holds (14 digits). */
const LAST_BUCKET = 99_999_999_999_998
/** Deleted per write by retention: small batches between the submits. */
const DELETE_BATCH = 5_000

interface Memory {
  intern: Intern
  buckets: RecentBuckets
  /** By project, by node id. */
  nodes: Map<number, Map<string, GraphNode>>
  /** By project. */
  infos: Map<number, EdgeInfos>
}

export function keyGraphStore(state: KeyState, now: () => number = Date.now): GraphStore {
  let memory: Memory | undefined
  let loading: Promise<Memory> | undefined

  const writes = groupCommit<Report>(async (reports) => {
    const merged = mergeReports(reports)
    const minuteKeys = merged.minutes.map((b) => bucketKey('m', b))
    const hourKeys = merged.hours.map((b) => bucketKey('h', b))
    const infoKeys = merged.infos.map((x) => `i\0${project(x.projectId)}\0${x.from}\0${x.to}`)
    const [minutesHad, hoursHad, infosHad] = await Promise.all([
      state.getMany<number>(minuteKeys), state.getMany<HourValue>(hourKeys), state.getMany<InfoValue>(infoKeys)])
    const ops: KeyOp[] = []
    for (const id of merged.projects) ops.push({ put: `p\0${project(id)}`, value: 1 })
    for (const node of merged.nodes) {
      ops.push({ put: `n\0${project(node.projectId)}\0${node.nodeId}`, value: [node.nodeType, node.name, node.parentId, node.description, node.class] satisfies NodeValue })
    }
    merged.minutes.forEach((b, i) => ops.push({ put: minuteKeys[i]!, value: (minutesHad[i] ?? 0) + b.n }))
    merged.hours.forEach((b, i) => {
      const had = hoursHad[i]
      ops.push({ put: hourKeys[i]!, value: [(had?.[0] ?? 0) + b.n, Math.max(had?.[1] ?? 0, b.last)] satisfies HourValue })
    })
    merged.infos.forEach((info, i) => {
      const had = infosHad[i]
      ops.push({ put: infoKeys[i]!, value: [info.description ?? had?.[0] ?? null, info.class ?? had?.[1] ?? null] satisfies InfoValue })
    })
    await state.write(ops, { sync: true })
    if (memory !== undefined) remember(memory, merged)
  })

  /** What a durable batch changed, in memory too. */
  function remember(m: Memory, merged: MergedBatch): void {
    m.buckets.add(merged.minutes, merged.hours)
    for (const { projectId, ...node } of merged.nodes) {
      const kept = known(m.intern, node)
      mapOf(m.nodes, projectId).set(kept.nodeId, kept)
    }
    for (const { projectId, ...info } of merged.infos) {
      const byFrom = mapOf(m.infos, projectId)
      const had = byFrom.get(info.from)?.get(info.to)
      setEdgeInfo(byFrom, { ...info, description: info.description ?? had?.description ?? null, class: info.class ?? had?.class ?? null })
    }
  }

  const load = () => (loading ??= writes.exclusive(async () => {
    const from = Math.floor(now() / HOUR) * HOUR - (RECENT_HOURS - 1) * HOUR
    const intern = interner()
    const m: Memory = { intern, buckets: recentBuckets(from, intern), nodes: new Map(), infos: new Map() }
    for (const id of await store.projects()) {
      const [nodes, infos, minutes, hours] = await Promise.all([
        store.nodes(id), store.edgeInfo(id), store.rows(id, 'minute', from, LAST_BUCKET), store.rows(id, 'hour', from, LAST_BUCKET)])
      m.nodes.set(id, new Map(nodes.map((node) => known(intern, node)).map((node) => [node.nodeId, node])))
      m.infos.set(id, edgeInfos(infos))
      const sums = (rows: EdgeRow[]) => rows.map((row): BucketSum => ({ projectId: id, ...row }))
      m.buckets.add(sums(minutes), sums(hours))
    }
    memory = m
    return m
  }).catch((error: unknown) => {
    loading = undefined // tried again by the next query
    throw error
  }))

  const store: GraphStore = {
    submit: (report) => writes.add(report),

    async totals(projectId, start, end) {
      const m = await load()
      if (m.buckets.covers(start)) return m.buckets.totals(projectId, start, end)
      return windowRows(store, projectId, start, end)
    },

    warm: async () => {
      await load()
    },

    async known(projectId) {
      const m = await load()
      return { nodes: m.nodes.get(projectId) ?? new Map(), infos: m.infos.get(projectId) ?? new Map() }
    },

    async nodes(projectId, ids) {
      const base = `n\0${project(projectId)}\0`
      const found: Array<[string, NodeValue | undefined]> = ids === undefined
        ? await state.entries<NodeValue>({ prefix: base })
        : (await state.getMany<NodeValue>(ids.map((id) => base + id))).map((v, i) => [base + ids[i]!, v])
      return found.flatMap(([key, v]) => v === undefined ? [] : [{
        nodeId: key.slice(base.length), nodeType: v[0], name: v[1], parentId: v[2], description: v[3], class: v[4],
      } satisfies GraphNode])
    },

    async rows(projectId, resolution, from, to) {
      const base = `${prefixOf(resolution)}\0${project(projectId)}\0`
      const entries = await state.entries<number | HourValue>({ gte: base + time(from), lt: base + time(to + 1) })
      return entries.map(([key, value]) => {
        const [ts, fromNode, toNode, status] = key.slice(base.length).split('\0') as [string, string, string, string]
        const n = typeof value === 'number' ? value : value[0]
        const start = Number(ts)
        return { ts: start, from: fromNode, to: toNode, status: statusOf[status]!, n, last: typeof value === 'number' ? start : value[1] } satisfies EdgeRow
      })
    },

    async edgeInfo(projectId) {
      const base = `i\0${project(projectId)}\0`
      return (await state.entries<InfoValue>({ prefix: base })).map(([key, [description, cls]]) => {
        const [from, to] = key.slice(base.length).split('\0') as [string, string]
        return { from, to, description, class: cls } satisfies EdgeInfo
      })
    },

    async projects() {
      return (await state.entries({ prefix: 'p\0' })).map(([key]) => Number(key.slice(2)))
    },

    deleteBefore: (cutoff) => writes.exclusive(async () => {
      memory?.buckets.dropBefore(cutoff)
      let removed = 0
      for (const id of (await state.entries({ prefix: 'p\0' })).map(([key]) => key.slice(2))) {
        // an hour bucket goes once its last minute is before the cutoff
        for (const [kind, before] of [['m', cutoff], ['h', cutoff - HOUR + 1]] as const) {
          const base = `${kind}\0${id}\0`
          for (;;) {
            const old = await state.entries({ gte: base, lt: base + time(Math.max(0, before)), limit: DELETE_BATCH })
            if (old.length === 0) break
            await state.write(old.map(([key]) => ({ del: key })))
            removed += old.length
            if (old.length < DELETE_BATCH) break
          }
        }
      }
      return removed
    }),
  }
  return store
}

function mapOf<K, V>(maps: Map<number, Map<K, V>>, id: number): Map<K, V> {
  let map = maps.get(id)
  if (map === undefined) maps.set(id, (map = new Map()))
  return map
}

/** A node as memory keeps it: its ids the interned ones the rows carry. */
function known(intern: Intern, node: GraphNode): GraphNode {
  return { ...node, nodeId: intern(node.nodeId), parentId: node.parentId === null ? null : intern(node.parentId) }
}
