// What a viewing command says when the context or the timeline asked for is not there: which one, the known
// names nearest to it, and the command that lists them.

import { didYouMean } from '../core/closest.ts'
import { CliError } from './errors.ts'
import type { Reader } from './reader.ts'

export async function missingRun(reader: Reader, context: string, id: string): Promise<CliError> {
  const known = await reader.timelines(context, 100)
  if (known === undefined) {
    // contexts come a page at a time: those sharing its first letters, and the first page
    const pages = await Promise.all([reader.contexts({ limit: 1_000, prefix: context.slice(0, 3) }), reader.contexts({ limit: 1_000 })])
    const contexts = new Set(pages.flatMap((page) => page.items.map((item) => item.name)))
    return new CliError(`no context "${context}"${didYouMean(context, contexts)} (upto ls lists the contexts)`)
  }
  const ids = known.map((timeline) => timeline.id)
  return new CliError(`no timeline "${id}" in context "${context}"${didYouMean(id, ids)} (upto ls ${context} lists its timelines)`)
}
