// Reads a folder's .json and .jsonl files once each, across restarts. A scan lists the files the globs take; a
// file is read when it was seen at the same size and modification time by the scan before and has not changed
// for `settle` milliseconds (a file still being written is not read half); its items go to the source's format in
// batches, and once they are durable its name joins the checkpoint (a JSON file, written whole then renamed).
// A file that does not parse is counted as malformed and skipped for good, as a file whose items were all refused.

import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import picomatch from 'picomatch'

export interface FolderItems {
  /** The items of several files, each a parsed JSON value, in order. */
  items: unknown[]
  files: string[]
}

export interface FolderReaderOptions {
  path: string
  globs: readonly string[]
  checkpoint: string
  /** Milliseconds a file must be left unchanged before it is read. */
  settle: number
  now: () => number
  /** Items in one hand-over at most (files are never split). */
  batch: number
  /** Hands items over; resolves once they are durable. */
  take(batch: FolderItems): Promise<void>
  /** Counts files: read, malformed. */
  count(outcome: 'read' | 'malformed', file: string, detail?: string): void
}

export interface FolderReader {
  /** One pass: reads what is ready; answers how many files it read. */
  scan(): Promise<number>
}

interface Seen {
  size: number
  mtime: number
}

export async function openFolderReader(options: FolderReaderOptions): Promise<FolderReader> {
  const { path, checkpoint, settle, now, batch, take, count } = options
  const wanted = picomatch([...options.globs], { dot: false })
  const done = new Set<string>(await readCheckpoint(checkpoint))
  const seen = new Map<string, Seen>()

  async function saveCheckpoint(): Promise<void> {
    await mkdir(dirname(checkpoint), { recursive: true })
    const temporary = `${checkpoint}.tmp`
    await writeFile(temporary, JSON.stringify({ files: [...done].sort() }))
    await rename(temporary, checkpoint)
  }

  async function ready(): Promise<string[]> {
    const out: string[] = []
    for (const name of await listFiles(path)) {
      if (done.has(name) || !wanted(name)) continue
      let s
      try {
        s = await stat(join(path, name))
      } catch {
        continue // gone since the listing
      }
      const before = seen.get(name)
      const current = { size: s.size, mtime: s.mtimeMs }
      seen.set(name, current)
      if (before === undefined || before.size !== current.size || before.mtime !== current.mtime) continue
      if (now() - current.mtime < settle) continue
      out.push(name)
    }
    return out.sort()
  }

  return {
    async scan() {
      const names = await ready()
      let read = 0
      let pending: FolderItems = { items: [], files: [] }
      const flush = async () => {
        if (pending.files.length === 0) return
        const handed = pending
        pending = { items: [], files: [] }
        if (handed.items.length > 0) await take(handed)
        for (const f of handed.files) {
          done.add(f)
          seen.delete(f)
        }
        await saveCheckpoint()
      }
      for (const name of names) {
        const items = parseFile(name, await readFile(join(path, name), 'utf8').catch(() => undefined))
        if (items instanceof Error) {
          count('malformed', name, items.message)
          pending.files.push(name)
        } else {
          if (pending.items.length > 0 && pending.items.length + items.length > batch) await flush()
          pending.items.push(...items)
          pending.files.push(name)
          count('read', name)
          read++
        }
      }
      await flush()
      return read
    },
  }
}

/** A .json file is one value (an array: its items); a .jsonl file one value a line, blank lines skipped. */
export function parseFile(name: string, text: string | undefined): unknown[] | Error {
  if (text === undefined) return new Error('could not be read')
  try {
    if (name.endsWith('.jsonl')) {
      return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown)
    }
    const value = JSON.parse(text) as unknown
    return Array.isArray(value) ? value : [value]
  } catch (error) {
    return new Error(`not JSON: ${(error as Error).message}`)
  }
}

async function readCheckpoint(file: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const value = JSON.parse(text) as { files?: unknown }
  return Array.isArray(value.files) ? value.files.filter((f): f is string => typeof f === 'string') : []
}

/** Every file under the folder, as paths relative to it with / between folders. */
async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
}
