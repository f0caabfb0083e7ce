// upto serve chooses its store: --store (or $UPTO_STORE) for PostgreSQL, --data for LevelDB, not both.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { freePort } from '../helpers/collector-process.ts'

async function serve(argv: string[], env: Record<string, string> = {}) {
  const io = captureIo(['serve', '--port', String(await freePort()), ...argv], env)
  return { code: await run(io), stderr: io.stderr }
}

describe('upto serve --store', () => {
  test('refuses a store that is not a postgres:// URL, its password masked', async () => {
    const { code, stderr } = await serve(['--store', 'mysql://me:secret@db/upto'])
    assert.equal(code, 2)
    assert.match(stderr, /^upto: invalid --store "mysql:\/\/me:\*\*\*@db\/upto": expected a URL like postgres:\/\//)
  })

  test('refuses --data and --store together', async () => {
    const { code, stderr } = await serve(['--data', '/tmp/x', '--store', 'postgres://127.0.0.1/upto'])
    assert.equal(code, 2)
    assert.match(stderr, /give --data \(a LevelDB folder\) or --store \(a postgres:\/\/ URL\), not both/)
  })

  test('takes $UPTO_STORE, and says where PostgreSQL could not be reached', async () => {
    const port = await freePort()
    const { code, stderr } = await serve([], { UPTO_STORE: `postgres://postgres@127.0.0.1:${port}/postgres` })
    assert.equal(code, 1)
    assert.equal(stderr, `upto: cannot reach PostgreSQL at 127.0.0.1:${port}: ECONNREFUSED (is it running?)\n`)
  })

  test('an invalid $UPTO_STORE is named as such', async () => {
    const { code, stderr } = await serve([], { UPTO_STORE: 'db.internal:5432' })
    assert.equal(code, 2)
    assert.match(stderr, /invalid UPTO_STORE "db.internal:5432"/)
  })
})
