// A fresh folder under the OS temp dir, and a way to remove it.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export async function tempFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'upto-store-'))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}
