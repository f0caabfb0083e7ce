// The agent's data folder: its buffer, its id, the service's last gid and session. One agent a folder: a
// second one would interleave the same files, so the folder is locked by a file naming the process.

import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CliError } from '../cli/errors.ts'

/** An agent id: what events' ids carry (`agent:<id>:<sequence>`), so it must stay the same across restarts. */
export const agentIdPattern = /^[A-Za-z0-9._-]{1,64}$/

/** The id kept in the folder, made on the first start; `given` (--id) wins and is kept. */
export function agentId(dir: string, given?: string): string {
  const path = join(dir, 'agent-id')
  if (given !== undefined) {
    if (!agentIdPattern.test(given)) throw new CliError(`invalid --id "${given}": expected 1 to 64 letters, digits, dots, dashes or underscores`, 'usage')
    writeFileSync(path, given)
    return given
  }
  try {
    const kept = readFileSync(path, 'utf8').trim()
    if (agentIdPattern.test(kept)) return kept
  } catch {
    // the first start: made below
  }
  const made = randomBytes(6).toString('hex')
  writeFileSync(path, made)
  return made
}

/** Takes the folder for this process; throws when another live agent holds it. Answers the release. */
export function lockFolder(dir: string, pid = process.pid): () => void {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'lock')
  try {
    writeFileSync(path, String(pid), { flag: 'wx' })
  } catch {
    const holder = Number(readFileSync(path, 'utf8').trim())
    if (Number.isSafeInteger(holder) && holder !== pid && alive(holder)) {
      throw new CliError(`data folder ${dir} is in use by another upto agent (process ${holder}): give each agent its own --data`)
    }
    writeFileSync(path, String(pid)) // left by an agent that is gone
  }
  return () => rmSync(path, { force: true })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'
  }
}
