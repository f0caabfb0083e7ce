// A body of POST /submit, checked and made plain: `{project_id, nodes, edges}` as servicegraph's SDK sends it.
// Unknown fields are ignored (newer SDKs may send more); a wrong field is an InvalidField with its path.

import { InvalidField, isRecord, kindOf, optionalText, projectId, requiredText } from './problem.ts'
import { minuteOf, parseRfc3339 } from './time.ts'
import { edgeStatuses, nodeTypes, type EdgeReport, type EdgeStatus, type GraphNode, type NodeType, type Report } from './types.ts'
import { normalUuid } from '../../../core/uuid.ts'

/** The report in a parsed body; throws InvalidField. Parents outside the report are checked by the caller. */
export function parseReport(body: unknown): Report {
  if (!isRecord(body)) throw new InvalidField('$', `expected an object {project_id, nodes, edges}, got ${kindOf(body)}`)
  const project = projectId(body.project_id, 'project_id')
  const nodes = list(body.nodes, 'nodes').map((node, i) => parseNode(node, `nodes[${i}]`))
  const edges = list(body.edges, 'edges').map((edge, i) => parseEdge(edge, `edges[${i}]`))
  const types = new Map(nodes.map((node) => [node.nodeId, node.nodeType]))
  nodes.forEach((node, i) => {
    if (node.parentId !== null && types.has(node.parentId) && types.get(node.parentId) !== 'service') {
      throw new InvalidField(`nodes[${i}].parent_id`, `${node.parentId} is a transaction: a transaction's parent is a service`)
    }
  })
  return { projectId: project, nodes, edges }
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) throw new InvalidField(path, 'missing (an empty array is fine)')
  if (!Array.isArray(value)) throw new InvalidField(path, `expected an array, got ${kindOf(value)}`)
  return value
}

export function nodeId(value: unknown, path: string): string {
  const text = requiredText(value, path)
  const id = normalUuid(text)
  if (id === undefined) throw new InvalidField(path, `expected a UUID (hyphenated or 32 hex digits), got ${kindOf(text)}`)
  return id
}

function parseNode(value: unknown, path: string): GraphNode {
  if (!isRecord(value)) throw new InvalidField(path, `expected a node object, got ${kindOf(value)}`)
  // servicegraph's README writes `type`, its SDK `node_type`
  const typeKey = value.node_type === undefined && value.type !== undefined ? 'type' : 'node_type'
  const nodeType = oneOf(value[typeKey], `${path}.${typeKey}`, nodeTypes) as NodeType
  const id = nodeId(value.node_id, `${path}.node_id`)
  const parent = value.parent_id === undefined || value.parent_id === null ? null : nodeId(value.parent_id, `${path}.parent_id`)
  if (nodeType === 'transaction' && parent === null) throw new InvalidField(`${path}.parent_id`, 'missing: a transaction needs its service as parent')
  if (nodeType === 'service' && parent !== null) throw new InvalidField(`${path}.parent_id`, 'a service has no parent (only transactions do)')
  if (parent === id) throw new InvalidField(`${path}.parent_id`, 'a node cannot be its own parent')
  return {
    nodeId: id,
    nodeType,
    name: requiredText(value.name, `${path}.name`),
    parentId: parent,
    description: optionalText(value.description, `${path}.description`),
    class: optionalText(value.class, `${path}.class`),
  }
}

function parseEdge(value: unknown, path: string): EdgeReport {
  if (!isRecord(value)) throw new InvalidField(path, `expected an edge object, got ${kindOf(value)}`)
  const ts = requiredText(value.ts, `${path}.ts`)
  const ms = parseRfc3339(ts)
  if (ms === undefined) throw new InvalidField(`${path}.ts`, `expected an RFC 3339 time with an offset, like 2026-12-02T12:34:00Z, got ${kindOf(ts)}`)
  const n = value.n
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new InvalidField(`${path}.n`, `expected a whole number of 0 or more, got ${kindOf(n)}`)
  return {
    minute: minuteOf(ms),
    from: nodeId(value.from_node_id, `${path}.from_node_id`),
    to: nodeId(value.to_node_id, `${path}.to_node_id`),
    status: oneOf(value.status, `${path}.status`, edgeStatuses) as EdgeStatus,
    n,
    description: optionalText(value.description, `${path}.description`),
    class: optionalText(value.class, `${path}.class`),
  }
}

export function oneOf(value: unknown, path: string, allowed: readonly string[]): string {
  if (value === undefined) throw new InvalidField(path, `missing: expected one of ${allowed.join(', ')}`)
  if (typeof value !== 'string' || !allowed.includes(value)) throw new InvalidField(path, `expected one of ${allowed.join(', ')}, got ${kindOf(value)}`)
  return value
}
