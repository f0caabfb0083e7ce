// `upto graph`: the collector's service graph over a window, as a table (unhealthy in red), DOT, Mermaid or JSON.

import { Chalk } from 'chalk'
import { parseDuration } from '../../core/duration.ts'
import { usageError } from '../../cli/errors.ts'
import { wantsColor, type Io } from '../../cli/io.ts'
import { postJson, readToken, type ClientFlags } from './http-client.ts'
import type { GraphAnswer } from './model/answer.ts'
import { graphDot, graphMermaid, graphTable } from './model/documents.ts'
import { isoSeconds } from './model/time.ts'

export interface GraphFlags extends ClientFlags {
  project?: string
  since?: string
  format?: string
}

const formats = ['text', 'dot', 'mermaid', 'json'] as const

export async function graphCommand(io: Io, flags: GraphFlags): Promise<void> {
  const format = flags.format ?? 'text'
  if (!(formats as readonly string[]).includes(format)) throw usageError(`invalid --format "${format}": expected ${formats.join(', ')}`)
  const since = flags.since ?? '1h'
  const span = parseDuration(since)
  if (span === undefined) throw usageError(`invalid --since "${since}": expected a duration like 15m, 1h or 7d`)
  let project: number
  if (flags.project === undefined) {
    const { projects } = (await (await postJson(io, flags, '/api/graph/projects', {}, readToken(io))).json()) as { projects: number[] }
    project = projects[0] ?? 1
  } else if (/^\d{1,15}$/.test(flags.project)) project = Number(flags.project)
  else throw usageError(`invalid --project "${flags.project}": expected a whole number`)
  const end = io.now()
  const body = { project_id: project, start_date: isoSeconds(end - span), end_date: isoSeconds(end) }
  const graph = (await (await postJson(io, flags, '/api/graph', body, readToken(io))).json()) as GraphAnswer
  if (format === 'json') io.out(`${JSON.stringify(graph, null, 2)}\n`)
  else if (format === 'dot') io.out(graphDot(graph))
  else if (format === 'mermaid') io.out(graphMermaid(graph))
  else {
    const chalk = new Chalk({ level: wantsColor(io) ? 1 : 0 })
    io.out(graphTable(graph, (t) => chalk.red(t), `project ${project}, last ${since}`).join('\n') + '\n')
  }

}
