// `upto agent` is registered without loading its code: help, and every other command, load neither the
// relay's buffer and servers nor mqtt (the built bundle, npm run build).

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { bin, root } from '../helpers/collector-process.ts'

const skip = existsSync(bin) ? false : 'needs bin/upto.cjs: run npm run build'

/** The text of every file of ours the command loaded. */
function loaded(...argv: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'upto-agent-imports-'))
  const log = join(dir, 'imports.log')
  try {
    execFileSync(process.execPath, ['--require', './test/helpers/record-requires.cjs', bin, ...argv], {
      cwd: root, env: { ...process.env, UPTO_IMPORTS_LOG: log, UPTO_SERVER: '' }, stdio: 'pipe',
    })
    const files = readFileSync(log, 'utf8').trim().split('\n').filter((url) => url.startsWith('file:'))
    return [...new Set(files)].map((url) => readFileSync(fileURLToPath(url), 'utf8')).join('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

for (const argv of [['agent', '--help'], ['--help'], ['start', 'deploy', 'db', '--rp', '9']]) {
  test(`upto ${argv.join(' ')} loads neither the agent's code nor mqtt`, { skip }, () => {
    const code = loaded(...argv)
    assert.ok(code.length > 0)
    for (const marker of ['openSegmentBuffer', 'connectMqttTransport', 'MqttClient', 'startServiceAgent']) assert.ok(!code.includes(marker), `${marker} is not loaded`)
  })
}
