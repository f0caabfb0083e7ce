import assert from 'node:assert/strict'
import { test } from 'node:test'
import { closest, didYouMean } from '../../src/core/closest.ts'

const contexts = ['deploy-web', 'deploy-api', 'build', 'nightly', 'packer-base-image']

test('finds the names a slip away, nearest first', () => {
  assert.deepEqual(closest('deploy-wbe', contexts), ['deploy-web', 'deploy-api'])
  assert.deepEqual(closest('biuld', contexts), ['build'])
  assert.deepEqual(closest('Nightly', contexts), ['nightly'], 'whatever the case')
})

test('a name held by another, or holding it, is near', () => {
  assert.deepEqual(closest('packer', contexts), ['packer-base-image'])
  assert.deepEqual(closest('deploy', contexts), ['deploy-api', 'deploy-web'])
})

test('nothing when no name is close, and never the name itself', () => {
  assert.deepEqual(closest('zzzzzz', contexts), [])
  assert.deepEqual(closest('build', ['build']), [])
  assert.deepEqual(closest('x', []), [])
})

test('says it as a clause, or not at all', () => {
  assert.equal(didYouMean('biuld', contexts), ' (did you mean "build"?)')
  assert.equal(didYouMean('deploy', contexts), ' (did you mean "deploy-api" or "deploy-web"?)')
  assert.equal(didYouMean('zzzzzz', contexts), '')
})
