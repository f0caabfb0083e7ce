import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { promisify } from 'node:util'

const child = fileURLToPath(new URL('./young-generation-child.ts', import.meta.url))

async function newSpaceSizes(mode: 'at-once' | 'default'): Promise<number[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, mode])
  return JSON.parse(stdout) as number[]
}

test('the young generation reaches its ceiling in one step, where V8 alone doubles it several times', async () => {
  const [alone, atOnce] = await Promise.all([newSpaceSizes('default'), newSpaceSizes('at-once')])
  assert.ok(alone.length > 2, `V8 alone went through ${alone.join(', ')} KiB`)
  assert.equal(atOnce.length, 2, `grown at once it went through ${atOnce.join(', ')} KiB`)
  assert.equal(atOnce.at(-1), alone.at(-1), 'the same ceiling')
})
