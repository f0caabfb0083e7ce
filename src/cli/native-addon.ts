// classic-level's native addon inside the single executable (scripts/package.mjs): it travels as a SEA asset
// and is written, once, to a private cache folder — `${XDG_CACHE_HOME:-~/.cache}/upto/native`, mode 0700 and
// owned by the user — named by its SHA-256. Each load opens the file without following links, checks that it is
// a regular file of the user's that nobody else can write and that its bytes are the asset's, and hands that
// very file (by its descriptor, /proc/self/fd/N) to the dynamic loader: what is loaded is what was checked,
// whatever happens to the path meanwhile. Where no private cache folder can be had, a fresh temporary one is used.

import { createHash } from 'node:crypto'
import { closeSync, constants, fstatSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliError } from './errors.ts'

export interface AddonSource {
  /** The asset's bytes. */
  bytes: Uint8Array
  /** A name for the file, like classic-level. */
  name: string
  env: Readonly<Record<string, string | undefined>>
}

/** Loads the addon and returns its exports, as require() of a .node file would. */
export function loadNativeAddon({ bytes, name, env }: AddonSource): unknown {
  const hash = createHash('sha256').update(bytes).digest('hex')
  const file = `${name}-${hash.slice(0, 16)}.node`
  const cache = privateFolder(join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'upto', 'native'))
  if (cache !== undefined) {
    const path = join(cache, file)
    let loaded = tryLoad(path, hash)
    if (loaded === undefined) {
      rmSync(path, { force: true }) // missing, damaged, or not a plain file: written anew
      write(cache, file, bytes)
      loaded = tryLoad(path, hash)
    }
    if (loaded !== undefined) return loaded.exports
  }
  // no private cache: a folder of our own for this process alone, gone once the addon is loaded
  const temporary = mkdtempSync(join(tmpdir(), 'upto-native-'))
  try {
    write(temporary, file, bytes)
    const loaded = tryLoad(join(temporary, file), hash)
    if (loaded === undefined) throw new CliError(`could not load ${name}'s native addon from ${temporary}`)
    return loaded.exports
  } finally {
    rmSync(temporary, { recursive: true, force: true })
  }
}

/** The folder, made if need be, when it is a real folder of this user's that no one else can enter. */
function privateFolder(path: string): string | undefined {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 })
    const info = lstatSync(path)
    return info.isDirectory() && ownedByMe(info.uid) && (info.mode & 0o077) === 0 ? path : undefined
  } catch {
    return undefined
  }
}

/** Written beside its final name and linked into place, so no one ever sees half of it. */
function write(folder: string, file: string, bytes: Uint8Array): void {
  const partial = join(folder, `.${file}.${process.pid}`)
  rmSync(partial, { force: true }) // left by a process of the same pid that died here
  try {
    writeFileSync(partial, bytes, { mode: 0o500, flag: 'wx' })
    try {
      linkSync(partial, join(folder, file))
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error // another upto got there first
    }
  } finally {
    rmSync(partial, { force: true })
  }
}

const byDescriptor = process.platform === 'linux'

function tryLoad(path: string, hash: string): { exports: unknown } | undefined {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch {
    return undefined
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile() || !ownedByMe(info.uid) || (info.mode & 0o022) !== 0 || digest(fd, info.size) !== hash) {
      return undefined
    }
    const module = { exports: {} as unknown }
    process.dlopen(module, byDescriptor ? `/proc/self/fd/${fd}` : path)
    return module
  } finally {
    closeSync(fd)
  }
}

function digest(fd: number, size: number): string {
  const hash = createHash('sha256')
  const chunk = new Uint8Array(1 << 20)
  for (let at = 0; at < size; ) {
    const read = readSync(fd, chunk, 0, chunk.length, at)
    if (read === 0) break
    hash.update(chunk.subarray(0, read))
    at += read
  }
  return hash.digest('hex')
}

function ownedByMe(uid: number): boolean {
  return process.getuid === undefined || uid === process.getuid()
}
