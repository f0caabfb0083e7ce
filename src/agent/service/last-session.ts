// The gid and session the collector gave this service last, kept in the agent's data folder: the next
// onboarding asks for the same gid (`last-gid`), so a restarted service keeps its history.

import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Session } from './messages.ts'

const file = (dir: string) => join(dir, 'service.json')

export function readLastSession(dir: string): Session | undefined {
  try {
    const kept = JSON.parse(readFileSync(file(dir), 'utf8')) as Partial<Session>
    return typeof kept.gid === 'string' && typeof kept.session === 'number' ? { gid: kept.gid, session: kept.session } : undefined
  } catch {
    return undefined
  }
}

export function keepLastSession(dir: string, session: Session): void {
  const temporary = `${file(dir)}.tmp`
  writeFileSync(temporary, JSON.stringify(session))
  renameSync(temporary, file(dir))
}
