// Opens the LevelDB folder, or explains in a StoreError why it cannot. A folder that is not
// ours, or is damaged, is refused before LevelDB touches it: never wiped, never replaced.

import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Level } from 'level'
import { StoreError } from './errors.ts'
import { describeHolder, ownerFile, recordOwner } from './level-owner.ts'

export type LevelDb = Level<string, Uint8Array>

const useOther = 'pass --data with another folder'
/**
 * LevelDB's memtable, 4 MiB by default. Four times that flushes a quarter as many level-0 files for the
 * background compaction to merge: a fifth less CPU per event stored (1.3 vs 1.7 µs), for up to 24 MiB more
 * memory (a full memtable can wait beside the next one).
 */
const writeBufferSize = 16 * 1024 * 1024
const levelFiles = /^(\d+\.(log|ldb|sst)|MANIFEST-\d+)$/
const harmless = new Set(['LOCK', 'LOG', 'LOG.old', ownerFile])

export async function openLevelDb(dir: string): Promise<LevelDb> {
  const path = resolve(dir)
  await checkFolder(path)
  const db = new Level<string, Uint8Array>(path, { keyEncoding: 'utf8', valueEncoding: 'view', writeBufferSize })
  try {
    await db.open({ createIfMissing: true })
  } catch (err) {
    const error = openError(path, err)
    if (error.code !== 'store_locked') throw error
    const holder = await describeHolder(path)
    throw holder === undefined ? error : openError(path, err, holder)
  }
  await recordOwner(path)
  return db
}

async function checkFolder(path: string): Promise<void> {
  let entries: string[]
  try {
    const info = await stat(path).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err
      await mkdir(path, { recursive: true })
      return stat(path)
    })
    if (!info.isDirectory()) {
      throw new StoreError('unreadable', path, `data folder ${path} is not a folder: ${useOther}`)
    }
    entries = await readdir(path)
  } catch (err) {
    if (err instanceof StoreError) throw err
    throw unreadable(path, err)
  }
  if (entries.includes('CURRENT')) return checkCurrent(path, entries)
  const stray = entries.find((name) => levelFiles.test(name))
  if (stray !== undefined) {
    throw corrupt(path, `it holds LevelDB file ${stray} but no CURRENT file`)
  }
  const foreign = entries.find((name) => !harmless.has(name) && !name.startsWith('.'))
  if (foreign !== undefined) {
    throw new StoreError(
      'unreadable',
      path,
      `data folder ${path} holds other files and no upto store (found ${foreign}): ` +
        'pass --data with an empty or new folder',
    )
  }
}

/** CURRENT names the live manifest: `MANIFEST-000123\n`. Anything else is damage. */
async function checkCurrent(path: string, entries: string[]): Promise<void> {
  let current: string
  try {
    current = await readFile(join(path, 'CURRENT'), 'latin1')
  } catch (err) {
    throw unreadable(path, err)
  }
  const manifest = /^(MANIFEST-\d+)\n$/.exec(current)?.[1]
  if (manifest === undefined) throw corrupt(path, 'its CURRENT file does not name a manifest')
  if (!entries.includes(manifest)) throw corrupt(path, `its CURRENT file names ${manifest}, which is missing`)
}

function openError(path: string, err: unknown, holder?: string): StoreError {
  const cause = (err as { cause?: { code?: unknown } }).cause ?? err
  const code = (cause as { code?: unknown }).code
  if (code === 'LEVEL_LOCKED') {
    return new StoreError(
      'locked',
      path,
      `data folder ${path} is in use by another upto collector (${holder === undefined ? '' : `${holder}; `}LevelDB lock held): ` +
        `stop it, or ${useOther}`,
      { cause: err },
    )
  }
  if (code === 'LEVEL_CORRUPTION') return corrupt(path, describe(cause), err)
  return unreadable(path, cause)
}

function corrupt(path: string, detail: string, cause?: unknown): StoreError {
  return new StoreError(
    'corrupt',
    path,
    `data folder ${path} is not a readable upto store (${detail}): it was left as it is; ` +
      `restore it from a backup, or ${useOther}`,
    { cause },
  )
}

function unreadable(path: string, cause: unknown): StoreError {
  return new StoreError(
    'unreadable',
    path,
    `cannot open data folder ${path} (${describe(cause)}): check that it is a folder you may write to, or ${useOther}`,
    { cause },
  )
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
