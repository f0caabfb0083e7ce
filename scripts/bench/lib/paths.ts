// Where the repository is, whether a scenario runs under tsx from scripts/bench/ or bundled from the cache.

import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'upto') {
      return dir
    }
    if (dirname(dir) === dir) throw new Error(`no upto package.json above ${from}`)
  }
}

export const root = findRoot(dirname(fileURLToPath(import.meta.url)))
/** Bundles, the big store and profiles live here: under node_modules, so git never sees them. */
export const cacheDir = join(root, 'node_modules', '.cache', 'upto-bench')
export const benchDir = join(root, 'scripts', 'bench')

/** A path under the cache; its parent folder exists. */
export function cachePath(...parts: string[]): string {
  const path = join(cacheDir, ...parts)
  mkdirSync(dirname(path), { recursive: true })
  return path
}

/** A folder under the cache, made if missing. */
export function cacheFolder(...parts: string[]): string {
  const path = join(cacheDir, ...parts)
  mkdirSync(path, { recursive: true })
  return path
}
