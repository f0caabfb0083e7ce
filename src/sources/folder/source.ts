// A watched folder, as cdviz-collector's: `[sources.NAME] type = "folder"` reads the .json and .jsonl files under
// `path` that `globs` take, each once across restarts (reader.ts; the checkpoint is kept in the data folder), and
// hands their items to its format: one that takes them itself (cdevents) or upto's own.

import { join } from 'node:path'
import type { Settings } from '../../config/settings.ts'
import { parseDuration } from '../../core/duration.ts'
import { UptoError } from '../../core/errors.ts'
import { errorMessage } from '../../pipeline/log.ts'
import type { RunningSource, SourceType } from '../types.ts'
import { openFolderReader } from './reader.ts'

export const folderSettings: Settings = {
  path: { type: 'string', required: true, description: 'The folder to read.' },
  globs: { type: 'strings', default: ['**/*.json', '**/*.jsonl'], description: 'Which files under it are read (picomatch globs, relative to it).' },
  interval: { type: 'duration', default: '1s', description: 'How often the folder is looked at.' },
  settle: { type: 'duration', default: '1s', description: 'How long a file must be left unchanged before it is read: one being written is not read half.' },
  batch: { type: 'integer', default: 1000, min: 1, description: 'Most items handed over (and made durable) at once.' },
  checkpoint: { type: 'string', description: 'The file that remembers which files were read. Default: sources/NAME.checkpoint.json in the data folder.' },
}

export class FolderSettingsError extends UptoError {
  override name = 'FolderSettingsError'

  constructor(message: string) {
    super('usage', message)
  }
}

const ms = (v: unknown, fallback: string): number | undefined => (typeof v === 'number' ? v : parseDuration(typeof v === 'string' ? v : fallback))

export const folderSource: SourceType = {
  type: 'folder',
  settings: folderSettings,
  async start(raw, context): Promise<RunningSource> {
    const fail = (message: string): never => {
      throw new FolderSettingsError(`[sources.${context.name}] ${message}`)
    }
    const options = raw as Record<string, unknown>
    const path = options.path
    if (typeof path !== 'string' || path === '') return fail('path is missing: expected the folder to read')
    const globs = (options.globs ?? folderSettings.globs!.default) as string[]
    const interval = ms(options.interval, '1s')
    const settle = ms(options.settle, '1s')
    if (interval === undefined || interval <= 0) return fail('interval: expected a duration such as 1s')
    if (settle === undefined || settle < 0) return fail('settle: expected a duration such as 1s')
    const batch = typeof options.batch === 'number' ? options.batch : 1000
    const checkpoint = typeof options.checkpoint === 'string' ? options.checkpoint
      : context.dataDir !== undefined ? join(context.dataDir, 'sources', `${context.name}.checkpoint.json`)
      : fail('checkpoint: the collector has no data folder, so give the checkpoint file')
    const format = context.formats.get(String(options.format ?? 'upto'))
    if (format === undefined) return fail(`format "${String(options.format)}" is not known: expected one of ${context.formats.names().join(', ')}`)
    const files = context.metrics.counter('folder_files', 'Files of folder sources by source and outcome: read, malformed.')
    const reader = await openFolderReader({
      path, globs, checkpoint, settle, batch, now: context.now,
      count: (outcome, file, detail) => {
        files(`${context.name}:${outcome}`)
        if (outcome === 'malformed') context.log.limited('warn', `${context.name} malformed`, `${context.name}: ${file} skipped: ${detail ?? 'malformed'}`)
      },
      async take({ items }) {
        const bytes = new TextEncoder().encode(JSON.stringify(items))
        const received = context.now()
        if (format.take !== undefined) {
          await format.take(bytes, { received, contentType: 'application/json', source: context.name })
          return
        }
        await context.deliver.submit(format.decode(bytes, { received, contentType: 'application/json' }))
      },
    })

    let stopped = false
    let running: Promise<unknown> = Promise.resolve()
    let timer: NodeJS.Timeout | undefined
    const tick = () => {
      running = reader.scan()
        .catch((error: unknown) => context.log.limited('error', `${context.name} scan`, `${context.name}: reading ${path} failed, tried again: ${errorMessage(error)}`))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, interval)
        })
    }
    tick()
    return {
      async close() {
        stopped = true
        clearTimeout(timer)
        await running
      },
    }
  },
}
