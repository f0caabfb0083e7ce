// `[sinks.NAME] type = "folder"`: one file per event, named by its id (made safe for a file name), holding the event
// as JSON: written whole, then renamed into place, so a reader of the folder never sees half a file.

import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { storedAsItem, type Sink, type SinkType } from '../types.ts'

export interface FolderSinkOptions {
  path: string
}

/** An id as a file name: letters, digits, `.`, `_` and `-` kept, anything else written as %XX. */
export function fileNameOf(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, (c) => [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))
  return `${safe.startsWith('.') ? `%2E${safe.slice(1)}` : safe}.json`
}

export const folderSink: SinkType<FolderSinkOptions> = {
  type: 'folder',
  settings: {
    path: { type: 'string', required: true, description: 'The folder the events are written to, one file each.' },
  },
  create(options, context) {
    if (typeof options.path !== 'string' || options.path === '') throw new TypeError(`sinks.${context.name}: path is missing`)
    const ready = mkdir(options.path, { recursive: true })
    const sink: Sink = {
      async writeItems(batch) {
        await ready
        for (const item of batch) {
          const file = join(options.path, fileNameOf(item.id))
          await writeFile(`${file}.tmp`, `${JSON.stringify(item.data)}\n`)
          await rename(`${file}.tmp`, file)
        }
      },
      write: (batch) => sink.writeItems!(batch.map(storedAsItem)),
    }
    return sink
  },
}
