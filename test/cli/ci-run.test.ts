import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ciRunId, ciSystems } from '../../src/cli/ci-run.ts'
import { nested, newTimeline } from '../../src/cli/nesting.ts'
import { ciEnvironments } from './ci-environments.ts'

const expected: Record<string, string> = {
  'GitHub Actions': '1658821493-2',
  'GitLab CI/CD': '1203459',
  Buildkite: '0190f3c4-5b52-4e5d-a24c-3f0e2a3b8a11',
  CircleCI: '5e3a1f7c-9b1d-4c8e-8f1a-2b3c4d5e6f70',
  'Azure Pipelines': '4411',
  'Travis CI': '723001',
  'Bitbucket Pipelines': '{1c2d3e4f-0000-4a5b-8c9d-aabbccddeeff}',
  Drone: '321',
  TeamCity: '1047',
  Jenkins: 'jenkins-web-deploy-212',
}

describe('the CI run a call is in', () => {
  for (const system of ciSystems) {
    test(`${system.name}: its run id is the timeline`, () => {
      assert.equal(ciRunId(ciEnvironments[system.name]!), expected[system.name])
    })
  }

  test('every system has an environment and an expected id here', () => {
    assert.deepEqual(Object.keys(ciEnvironments).sort(), ciSystems.map((s) => s.name).sort())
  })

  test('the jobs of one matrix share the run, and a re-run attempt is a run of its own', () => {
    const job = (name: string, attempt: string) => ({ ...ciEnvironments['GitHub Actions'], GITHUB_JOB: name, GITHUB_RUN_ATTEMPT: attempt })
    assert.equal(ciRunId(job('test (node 20)', '1')), ciRunId(job('test (node 22)', '1')))
    assert.notEqual(ciRunId(job('test', '1')), ciRunId(job('test', '2')))
    assert.equal(ciRunId({ GITHUB_RUN_ID: '7' }), '7-1', 'attempt 1 when not given')
  })

  test('outside CI, with empty variables, and with UPTO_CI=0, there is none', () => {
    assert.equal(ciRunId({ CI: 'true', PATH: '/bin' }), undefined)
    assert.equal(ciRunId({ CI_PIPELINE_ID: '', BUILD_TAG: '' }), undefined)
    assert.equal(ciRunId({ ...ciEnvironments.Jenkins, UPTO_CI: '0' }), undefined)
    assert.equal(ciRunId({ BUILD_NUMBER: '5' }), undefined, "BUILD_NUMBER alone is nobody's")
    assert.equal(ciRunId({ DRONE_BUILD_NUMBER: '5' }), undefined)
  })

  test('--timeline wins, then the timeline of the enclosing `upto run`, then the CI run', () => {
    const env = { ...ciEnvironments['GitLab CI/CD'], UPTO_CONTEXT: 'ci', UPTO_PARENT: 'build', UPTO_TIMELINE: '77' }
    assert.deepEqual(nested(env, 'ci', 'unit', '9'), { name: 'build.unit', timeline: '9' })
    assert.deepEqual(nested(env, 'ci', 'unit', undefined), { name: 'build.unit', timeline: '77' })
    assert.deepEqual(nested(env, 'other', 'unit', undefined), { name: 'unit', timeline: '1203459' })
    assert.equal(newTimeline(env, undefined), '1203459')
    assert.equal(newTimeline(env, 'v2'), 'v2')
  })
})
