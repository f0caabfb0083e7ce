// `upto edge FROM TO`: reports calls from a shell as the SDK does. A name stands for a service of that name,
// whose id is made from the project and the name, so the same name is always the same node.

import { createHash } from 'node:crypto'
import { usageError } from '../../cli/errors.ts'
import type { Io } from '../../cli/io.ts'
import { postJson, writeToken, type ClientFlags } from './http-client.ts'
import { isoSeconds } from './model/time.ts'
import { edgeStatuses } from './model/types.ts'
import { normalUuid } from '../../core/uuid.ts'

export interface EdgeFlags extends ClientFlags {
  status?: string
  count?: string
  project?: string
  description?: string
}

/** A name's node: a UUID (version 5 layout) from a SHA-1 of the project and the name. */
export function nodeIdOfName(project: number, name: string): string {
  const hex = createHash('sha1').update(`upto service ${project} ${name}`).digest('hex').slice(0, 32).split('')
  hex[12] = '5'
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return normalUuid(hex.join(''))!
}

export async function edgeCommand(io: Io, from: string, to: string, flags: EdgeFlags): Promise<void> {
  const status = flags.status ?? 'ok'
  if (!(edgeStatuses as readonly string[]).includes(status)) throw usageError(`invalid --status "${status}": expected ${edgeStatuses.join(', ')}`)
  const count = flags.count ?? '1'
  if (!/^\d{1,12}$/.test(count) || Number(count) < 1) throw usageError(`invalid -n "${count}": expected a whole number of 1 or more`)
  const projectText = flags.project ?? '1'
  if (!/^\d{1,15}$/.test(projectText)) throw usageError(`invalid --project "${projectText}": expected a whole number`)
  const project = Number(projectText)
  const nodes: unknown[] = []
  const idOf = (given: string) => {
    const id = normalUuid(given)
    if (id !== undefined) return id
    if (given.trim() === '') throw usageError('a node is a UUID or a name: got an empty one')
    const named = nodeIdOfName(project, given)
    nodes.push({ node_id: named, node_type: 'service', name: given })
    return named
  }
  const edge = {
    ts: isoSeconds(io.now()), from_node_id: idOf(from), to_node_id: idOf(to), status, n: Number(count),
    ...(flags.description === undefined ? {} : { description: flags.description }),
  }
  await postJson(io, flags, '/submit/', { project_id: project, nodes, edges: [edge] }, writeToken(io))

}
