// Every file a test, script or benchmark reads lives in the repository: a user's clone has nothing beside it.

import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { root } from '../helpers/collector-process.ts'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path)
    return /\.(ts|mts|mjs|cjs)$/.test(entry.name) ? [path] : []
  })
}

test('no path a file names relative to itself leads out of the repository', () => {
  const outside: string[] = []
  for (const file of ['src', 'test', 'scripts', 'proto', 'bin'].flatMap((dir) => sources(join(root, dir)))) {
    const text = readFileSync(file, 'utf8')
    for (const [, path] of text.matchAll(/new URL\(\s*['"`]([^'"`$]+)['"`]\s*,\s*import\.meta\.url\s*\)/g)) {
      const target = fileURLToPath(new URL(path!, `file://${file}`))
      if (relative(root, target).startsWith('..')) outside.push(`${relative(root, file)}: ${path}`)
    }
    if (/shared\/fixtures/.test(text) && !file.endsWith('self-contained.test.ts')) outside.push(`${relative(root, file)}: shared/fixtures`)
  }
  assert.deepEqual(outside, [])
})
