// The graph store over the facet's PostgreSQL tables (README, "The tables"). Counts are added by the database
// (`n = n + excluded.n`), so several collectors writing one database sum correctly; rows are sent sorted, so two
// collectors' transactions take their row locks in one order and never deadlock.

import type { SqlMigration, SqlState } from '../../store/types.ts'
import { knownOf, type GraphStore } from './graph-store.ts'
import { windowSpans } from './model/window.ts'
import { groupCommit } from './group-commit.ts'
import { mergeReports, type BucketSum } from './model/merge.ts'
import { HOUR, type EdgeInfo, type EdgeRow, type EdgeStatus, type GraphNode, type NodeType, type Report, type Resolution } from './model/types.ts'

export const graphMigrations: readonly SqlMigration[] = [{
  version: 1,
  name: 'projects, nodes, edge buckets by minute and hour, edge descriptions',
  sql: (s) => `
CREATE TABLE ${s}.graph_projects (
  project_id bigint PRIMARY KEY
);
CREATE TABLE ${s}.graph_nodes (
  project_id bigint NOT NULL,
  node_id uuid NOT NULL,
  node_type text NOT NULL CHECK (node_type IN ('service', 'transaction')),
  name text NOT NULL,
  parent_id uuid,
  description text,
  class text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, node_id)
);
CREATE TABLE ${s}.graph_edge_minutes (
  project_id bigint NOT NULL,
  ts timestamptz NOT NULL,
  from_node_id uuid NOT NULL,
  to_node_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'expected_error', 'unexpected_error')),
  n bigint NOT NULL,
  PRIMARY KEY (project_id, ts, from_node_id, to_node_id, status)
);
CREATE TABLE ${s}.graph_edge_hours (
  project_id bigint NOT NULL,
  ts timestamptz NOT NULL,
  from_node_id uuid NOT NULL,
  to_node_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'expected_error', 'unexpected_error')),
  n bigint NOT NULL,
  last_minute timestamptz NOT NULL,
  PRIMARY KEY (project_id, ts, from_node_id, to_node_id, status)
);
CREATE TABLE ${s}.graph_edges (
  project_id bigint NOT NULL,
  from_node_id uuid NOT NULL,
  to_node_id uuid NOT NULL,
  description text,
  class text,
  PRIMARY KEY (project_id, from_node_id, to_node_id)
);`,
}]

const order = (a: BucketSum, b: BucketSum) =>
  a.projectId - b.projectId || a.ts - b.ts || cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.status, b.status)
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function sqlGraphStore(state: SqlState): GraphStore {
  const s = state.schema
  const writes = groupCommit<Report>(async (reports) => {
    const merged = mergeReports(reports)
    const nodes = merged.nodes.sort((a, b) => a.projectId - b.projectId || cmp(a.nodeId, b.nodeId))
    const minutes = merged.minutes.sort(order)
    const hours = merged.hours.sort(order)
    const infos = merged.infos.sort((a, b) => a.projectId - b.projectId || cmp(a.from, b.from) || cmp(a.to, b.to))
    await state.transaction(async (query) => {
      await query(`INSERT INTO ${s}.graph_projects (project_id) SELECT * FROM unnest($1::bigint[]) ON CONFLICT DO NOTHING`, [merged.projects.sort((a, b) => a - b)])
      if (nodes.length > 0) {
        await query(`INSERT INTO ${s}.graph_nodes (project_id, node_id, node_type, name, parent_id, description, class)
          SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[])
          ON CONFLICT (project_id, node_id) DO UPDATE SET node_type = excluded.node_type, name = excluded.name,
            parent_id = excluded.parent_id, description = excluded.description, class = excluded.class, updated_at = now()`,
        [nodes.map((x) => x.projectId), nodes.map((x) => x.nodeId), nodes.map((x) => x.nodeType), nodes.map((x) => x.name),
          nodes.map((x) => x.parentId), nodes.map((x) => x.description), nodes.map((x) => x.class)])
      }
      const columns = (rows: BucketSum[]) => [rows.map((r) => r.projectId), rows.map((r) => new Date(r.ts)), rows.map((r) => r.from),
        rows.map((r) => r.to), rows.map((r) => r.status), rows.map((r) => r.n)]
      if (minutes.length > 0) {
        await query(`INSERT INTO ${s}.graph_edge_minutes (project_id, ts, from_node_id, to_node_id, status, n)
          SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[])
          ON CONFLICT (project_id, ts, from_node_id, to_node_id, status) DO UPDATE SET n = graph_edge_minutes.n + excluded.n`,
        columns(minutes))
        await query(`INSERT INTO ${s}.graph_edge_hours (project_id, ts, from_node_id, to_node_id, status, n, last_minute)
          SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[], $7::timestamptz[])
          ON CONFLICT (project_id, ts, from_node_id, to_node_id, status) DO UPDATE SET n = graph_edge_hours.n + excluded.n,
            last_minute = greatest(graph_edge_hours.last_minute, excluded.last_minute)`,
        [...columns(hours), hours.map((r) => new Date(r.last))])
      }
      if (infos.length > 0) {
        await query(`INSERT INTO ${s}.graph_edges (project_id, from_node_id, to_node_id, description, class)
          SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])
          ON CONFLICT (project_id, from_node_id, to_node_id) DO UPDATE SET description = coalesce(excluded.description, graph_edges.description),
            class = coalesce(excluded.class, graph_edges.class)`,
        [infos.map((x) => x.projectId), infos.map((x) => x.from), infos.map((x) => x.to), infos.map((x) => x.description), infos.map((x) => x.class)])
      }
    })
  })

  const store: GraphStore = {
    submit: (report) => writes.add(report),

    async totals(projectId, start, end) {
      // each span summed by the database: one row per pair and status, not one per bucket
      const spans = windowSpans(start, end)
      const summed = await Promise.all(spans.map(async (span) => {
        const table = span.resolution === 'minute' ? 'graph_edge_minutes' : 'graph_edge_hours'
        const last = span.resolution === 'minute' ? 'ts' : 'last_minute'
        const rows = await state.query<{ from_node_id: string; to_node_id: string; status: EdgeStatus; n: string; last: number }>(
          `SELECT from_node_id, to_node_id, status, sum(n) AS n, (extract(epoch FROM max(${last})) * 1000)::float8 AS last
           FROM ${s}.${table} WHERE project_id = $1 AND ts >= $2 AND ts <= $3 GROUP BY from_node_id, to_node_id, status`,
          [projectId, new Date(span.from), new Date(span.to)])
        return rows.map((r) => ({ ts: span.from, from: r.from_node_id, to: r.to_node_id, status: r.status, n: Number(r.n), last: r.last }) satisfies EdgeRow)
      }))
      return summed.flat()
    },

    async known(projectId) {
      const [nodes, infos] = await Promise.all([store.nodes(projectId), store.edgeInfo(projectId)])
      return knownOf(nodes, infos)
    },

    async nodes(projectId, ids) {
      const rows = await state.query<{ node_id: string; node_type: NodeType; name: string; parent_id: string | null; description: string | null; class: string | null }>(
        `SELECT node_id, node_type, name, parent_id, description, class FROM ${s}.graph_nodes
         WHERE project_id = $1 ${ids === undefined ? '' : 'AND node_id = ANY($2::uuid[])'} ORDER BY node_id`,
        ids === undefined ? [projectId] : [projectId, ids])
      return rows.map((r) => ({ nodeId: r.node_id, nodeType: r.node_type, name: r.name, parentId: r.parent_id, description: r.description, class: r.class }) satisfies GraphNode)
    },

    async rows(projectId, resolution, from, to) {
      const table = resolution === 'minute' ? 'graph_edge_minutes' : 'graph_edge_hours'
      const last = resolution === 'minute' ? 'ts' : 'last_minute'
      const rows = await state.query<{ ts: number; from_node_id: string; to_node_id: string; status: EdgeStatus; n: string; last: number }>(
        `SELECT (extract(epoch FROM ts) * 1000)::float8 AS ts, from_node_id, to_node_id, status, n,
           (extract(epoch FROM ${last}) * 1000)::float8 AS last
         FROM ${s}.${table} WHERE project_id = $1 AND ts >= $2 AND ts <= $3 ORDER BY ts, from_node_id, to_node_id, status`,
        [projectId, new Date(from), new Date(to)])
      return rows.map((r) => ({ ts: r.ts, from: r.from_node_id, to: r.to_node_id, status: r.status, n: Number(r.n), last: r.last }) satisfies EdgeRow)
    },

    async edgeInfo(projectId) {
      const rows = await state.query<{ from_node_id: string; to_node_id: string; description: string | null; class: string | null }>(
        `SELECT from_node_id, to_node_id, description, class FROM ${s}.graph_edges WHERE project_id = $1 ORDER BY from_node_id, to_node_id`, [projectId])
      return rows.map((r) => ({ from: r.from_node_id, to: r.to_node_id, description: r.description, class: r.class }) satisfies EdgeInfo)
    },

    async projects() {
      const rows = await state.query<{ project_id: string }>(
        `SELECT project_id FROM ${s}.graph_projects ORDER BY project_id`)
      return rows.map((r) => Number(r.project_id))
    },

    deleteBefore: (cutoff) => writes.exclusive(async () => {
      const removed = async (table: string, before: number) => Number((await state.query<{ n: string }>(
        `WITH gone AS (DELETE FROM ${s}.${table} WHERE ts < $1 RETURNING 1) SELECT count(*) AS n FROM gone`, [new Date(before)]))[0]?.n ?? 0)
      // an hour bucket goes once its last minute is before the cutoff
      return (await removed('graph_edge_minutes', cutoff)) + (await removed('graph_edge_hours', cutoff - HOUR + 1))
    }),
  }
  return store
}

