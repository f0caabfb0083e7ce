import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

test('upto run takes the client path: built JavaScript only, no commander, store, server or renderer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'upto-imports-'))
  const log = join(dir, 'imports.log')
  try {
    execFileSync(process.execPath, ['--require', './test/helpers/record-requires.cjs', 'bin/upto', 'run', 'ci', 'step', '--rp', '9', '--', 'true'], {
      cwd: root,
      env: { ...process.env, UPTO_IMPORTS_LOG: log, UPTO_SERVER: '' },
      stdio: 'pipe',
    })
    const urls = readFileSync(log, 'utf8').trim().split('\n')
    assert.deepEqual(urls.filter((url) => url.includes('/node_modules/')), [])
    const own = urls.filter((url) => url.startsWith('file:')).map((url) => relative(root, fileURLToPath(url)))
    assert.deepEqual([...new Set(own)], ['bin/upto'], 'bin/upto compiles dist/upto.cjs itself, and requires nothing else of ours')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
