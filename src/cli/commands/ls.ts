// upto ls [CONTEXT]: contexts, or a context's timelines newest first.

import { renderContextList, renderTimelineList } from '../../render/lists.ts'
import { CliError, usageError } from '../errors.ts'
import { wantsColor, type Io } from '../io.ts'
import { openReader, type ReadOptions } from '../open-reader.ts'

export interface LsOptions extends ReadOptions {
  limit: string
  json?: boolean
}

export async function ls(io: Io, context: string | undefined, options: LsOptions): Promise<void> {
  const limit = Number(options.limit)
  if (!Number.isInteger(limit) || limit < 1) throw usageError(`invalid --limit "${options.limit}": expected a positive whole number`)
  const reader = await openReader(io, options)
  try {
    const view = { now: io.now(), color: wantsColor(io), width: io.columns }
    if (context === undefined) {
      const contexts = await reader.contexts()
      io.out(options.json ? `${JSON.stringify(contexts, null, 2)}\n` : lines(renderContextList(contexts, view)))
      return
    }
    const timelines = await reader.timelines(context, limit)
    if (timelines === undefined) throw new CliError(`no context "${context}" (upto ls lists the contexts)`)
    io.out(options.json ? `${JSON.stringify(timelines, null, 2)}\n` : lines(renderTimelineList(context, timelines, view)))
  } finally {
    await reader.close()
  }
}

function lines(list: string[]): string {
  return list.map((line) => `${line}\n`).join('')
}
