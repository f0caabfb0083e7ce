// The `servicegraph-context` header a service answers with, so that its caller can report an edge to the node
// that served it: `service-node=UUID transaction-node=UUID` (either may be absent). A TypeScript or JavaScript
// service imports it as `upto/graph-context` (built to dist/lib/ with its types).

import { normalUuid } from '../core/uuid.ts'

export const contextHeader = 'servicegraph-context'

export interface GraphContext {
  serviceNode?: string
  transactionNode?: string
}

/** The nodes a header names; ids that are no UUID and unknown keys are left out. */
export function parseGraphContext(header: string | null | undefined): GraphContext {
  const out: GraphContext = {}
  for (const part of (header ?? '').split(/[\s,;]+/)) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const id = normalUuid(part.slice(eq + 1))
    if (id === undefined) continue
    const key = part.slice(0, eq).toLowerCase()
    if (key === 'service-node') out.serviceNode = id
    else if (key === 'transaction-node') out.transactionNode = id
  }
  return out
}

/** The header's value for the nodes given. */
export function formatGraphContext({ serviceNode, transactionNode }: GraphContext): string {
  return [
    ...(serviceNode === undefined ? [] : [`service-node=${serviceNode}`]),
    ...(transactionNode === undefined ? [] : [`transaction-node=${transactionNode}`]),
  ].join(' ')
}
