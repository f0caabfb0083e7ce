// upto ls [CONTEXT]: contexts, or a context's timelines newest first.

import { renderContextList, renderTimelineList } from './lists.ts'
import { CliError, usageError } from '../../cli/errors.ts'
import { wantsColor, type Io } from '../../cli/io.ts'
import { openReader, type ReadOptions } from '../../cli/open-reader.ts'

export interface LsOptions extends ReadOptions {
  /** Default 20 timelines, or 100 contexts. */
  limit?: string
  /** Contexts only: names starting with this. */
  prefix?: string
  /** Contexts only: names after this one (the next page). */
  after?: string
  json?: boolean
}

export async function ls(io: Io, context: string | undefined, options: LsOptions): Promise<void> {
  const limit = Number(options.limit ?? (context === undefined ? 100 : 20))
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000) {
    throw usageError(`invalid --limit "${options.limit}": expected a whole number from 1 to 1000`)
  }
  if (context !== undefined && (options.prefix !== undefined || options.after !== undefined)) {
    throw usageError('--prefix and --after page the contexts: leave out CONTEXT, or use --limit for its timelines')
  }
  const reader = await openReader(io, options)
  try {
    const view = { now: io.now(), color: wantsColor(io), width: io.columns }
    if (context === undefined) {
      const page = await reader.contexts({ limit, after: options.after, prefix: options.prefix })
      io.out(options.json ? `${JSON.stringify(page.items, null, 2)}\n` : lines(renderContextList(page.items, view)))
      // on stderr: the listing itself stays what a script reads
      if (page.next !== undefined) io.err(`more contexts: upto ls --after ${quoteArg(page.next)}${options.prefix === undefined ? '' : ` --prefix ${quoteArg(options.prefix)}`}\n`)
      return
    }
    const timelines = await reader.timelines(context, limit)
    if (timelines === undefined) throw new CliError(`no context "${context}" (upto ls lists the contexts)`)
    io.out(options.json ? `${JSON.stringify(timelines, null, 2)}\n` : lines(renderTimelineList(context, timelines, view)))
  } finally {
    await reader.close()
  }
}

/** A shell word for a name (quoted when it holds anything but plain characters). */
function quoteArg(s: string): string {
  return /^[\w.@%+=:,/-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`
}

function lines(list: string[]): string {
  return list.map((line) => `${line}\n`).join('')
}
