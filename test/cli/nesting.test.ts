import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { nested } from '../../src/cli/nesting.ts'

const inside = { UPTO_CONTEXT: 'ci', UPTO_PARENT: 'build', UPTO_TIMELINE: '77' }

describe('client calls inside upto run', () => {
  test('land under the running step, in its timeline, when the context is the same', () => {
    assert.deepEqual(nested(inside, 'ci', 'compile', undefined), { name: 'build.compile', timeline: '77' })
  })

  test('keep a name that is already under the running step, or is the step itself', () => {
    assert.deepEqual(nested(inside, 'ci', 'build.link', undefined), { name: 'build.link', timeline: '77' })
    assert.deepEqual(nested(inside, 'ci', 'build', undefined), { name: 'build', timeline: '77' })
    assert.deepEqual(nested(inside, 'ci', 'buildx', undefined), { name: 'build.buildx', timeline: '77' })
  })

  test('keep their own --timeline', () => {
    assert.deepEqual(nested(inside, 'ci', 'compile', '9'), { name: 'build.compile', timeline: '9' })
  })

  test('join the newest timeline when the running step named none', () => {
    assert.deepEqual(nested({ UPTO_CONTEXT: 'ci', UPTO_PARENT: 'build' }, 'ci', 'compile', undefined), { name: 'build.compile' })
  })

  test('of another context are left alone', () => {
    assert.deepEqual(nested(inside, 'deploy', 'compile', undefined), { name: 'compile' })
  })

  test('outside upto run are left alone', () => {
    assert.deepEqual(nested({}, 'ci', 'compile', '3'), { name: 'compile', timeline: '3' })
  })
})
