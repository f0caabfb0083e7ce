// upto migrate --from DIR --to postgres://...: copies a LevelDB data folder into PostgreSQL, with
// progress on stderr every few seconds. Safe to run again after an interruption (see store/copy.ts).

import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { type CopyProgress, CopyConflictError, copyStore } from '../store/copy.ts'
import { StoreError } from '../store/errors.ts'
import { isPostgresUrl, maskPassword } from '../store/postgres-url.ts'
import type { Store } from '../store/types.ts'
import { CliError, usageError } from '../cli/errors.ts'
import type { Io } from '../cli/io.ts'

export interface MigrateOptions {
  from: string
  to: string
  /** Milliseconds between two progress lines; default 2 s. */
  every?: number
}

export async function migrate(io: Io, options: MigrateOptions): Promise<void> {
  if (!isPostgresUrl(options.to)) {
    const shown = maskPassword(options.to)
    throw usageError(`invalid --to "${shown}": expected a URL like postgres://user@db.internal:5432/upto`)
  }
  const dir = resolve(options.from)
  if (!existsSync(dir)) throw new CliError(`no data folder ${dir}: pass the folder "upto serve --data" writes to`)
  const from = await open(async () => (await import('../store/level.ts')).openLevelStore(dir), dir)
  try {
    const to = await open(async () => (await import('../store/postgres.ts')).openPostgresStore(options.to))
    try {
      const every = options.every ?? 2_000
      let shown = io.now()
      const line = (p: CopyProgress) =>
        `${p.timelines}/${p.total} timelines (${percent(p)}), ${p.messages} messages` +
        (p.skipped > 0 ? `, ${p.skipped} already there` : '')
      io.err(`migrate: copying ${dir} to ${to.where}\n`)
      const done = await copyStore(from, to, (p) => {
        if (io.now() - shown < every) return
        shown = io.now()
        io.err(`migrate: ${line(p)}\n`)
      })
      io.err(`migrate: done: ${line(done)} of ${done.contexts} contexts\n`)
    } catch (error) {
      if (error instanceof CopyConflictError) throw new CliError(error.message)
      throw error
    } finally {
      await to.close()
    }
  } finally {
    await from.close()
  }
}

async function open<T extends Store>(opening: () => Promise<T>, dir?: string): Promise<T> {
  try {
    return await opening()
  } catch (error) {
    if (error instanceof StoreError && error.code === 'store_locked' && dir !== undefined) {
      throw new CliError(`data folder ${dir} is in use by a running collector: stop it, then migrate`)
    }
    if (error instanceof StoreError) throw new CliError(error.message)
    throw error
  }
}

function percent(p: CopyProgress): string {
  return p.total === 0 ? '100%' : `${Math.floor((p.timelines / p.total) * 100)}%`
}
