// Who holds a LevelDB folder. LevelDB's lock (fcntl on the LOCK file) says only "taken"; beside it the
// holder leaves LOCK.owner (its pid, host and start time), and on Linux /proc/locks names the pid that
// holds the lock. A refused open uses both to name the other process. argv is never recorded: it may
// hold a token.

import { readFile, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'

export const ownerFile = 'LOCK.owner'

export interface Owner {
  pid: number
  host: string
  /** ISO time the folder was opened. */
  started: string
}

export interface OwnerWorld {
  readText(path: string): Promise<string>
  /** The inode of a file, to find its lock in /proc/locks. */
  inode(path: string): Promise<number>
  /** Whether a process of this machine is alive. */
  alive(pid: number): boolean
  host: string
}

const realWorld: OwnerWorld = {
  readText: (path) => readFile(path, 'utf8'),
  inode: async (path) => (await stat(path)).ino,
  alive(pid) {
    try {
      process.kill(pid, 0)
      return true
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM'
    }
  },
  host: hostname(),
}

/** Leaves LOCK.owner beside LOCK: this process holds the folder now. Best effort: never fails the open. */
export async function recordOwner(dir: string, now = new Date()): Promise<void> {
  const owner: Owner = { pid: process.pid, host: hostname(), started: now.toISOString() }
  await writeFile(join(dir, ownerFile), `${JSON.stringify(owner)}\n`).catch(() => {})
}

/** Words naming the holder of the folder's lock — `process 1234, since 2026-…` — or undefined when unknown. */
export async function describeHolder(dir: string, world: OwnerWorld = realWorld): Promise<string | undefined> {
  const locker = await lockingPid(dir, world)
  const owner = await readOwner(dir, world)
  if (owner !== undefined && owner.host !== world.host) {
    return `process ${owner.pid} on host ${owner.host}, since ${owner.started}`
  }
  if (owner !== undefined && (locker === undefined || locker === owner.pid) && world.alive(owner.pid)) {
    return `process ${owner.pid}, since ${owner.started}`
  }
  return locker === undefined ? undefined : `process ${locker}`
}

async function readOwner(dir: string, world: OwnerWorld): Promise<Owner | undefined> {
  try {
    const value = JSON.parse(await world.readText(join(dir, ownerFile))) as Partial<Owner>
    if (!Number.isSafeInteger(value.pid) || typeof value.host !== 'string' || typeof value.started !== 'string') return undefined
    return value as Owner
  } catch {
    return undefined
  }
}

/** The pid /proc/locks gives for a lock on the folder's LOCK file (Linux only). */
async function lockingPid(dir: string, world: OwnerWorld): Promise<number | undefined> {
  try {
    const inode = await world.inode(join(dir, 'LOCK'))
    // 1: POSIX  ADVISORY  WRITE 12345 08:01:1234567 0 EOF
    for (const line of (await world.readText('/proc/locks')).split('\n')) {
      const fields = line.trim().split(/\s+/)
      const device = fields[5]?.split(':')
      if (device?.length === 3 && Number(device[2]) === inode && fields[1] === 'POSIX') {
        const pid = Number(fields[4])
        if (Number.isSafeInteger(pid) && pid > 0) return pid
      }
    }
  } catch {}
  return undefined
}
