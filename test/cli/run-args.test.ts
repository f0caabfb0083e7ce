import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseClientCall } from '../../src/cli/fast-path.ts'

describe('the fast path parses upto run', () => {
  test('everything after the event name is the command, its flags untouched', () => {
    assert.deepEqual(parseClientCall(['run', 'ci', 'build', 'make', '-j4', '--keep-going']), {
      kind: 'run', context: 'ci', name: 'build', command: ['make', '-j4', '--keep-going'], options: {},
    })
  })

  test('takes upto options before the command, and everything after -- as the command', () => {
    assert.deepEqual(parseClientCall(['--rp', '9', 'run', 'ci', 'build', '--timeline', '77', '--strict', '-n', 'web1', '--', './x', '--timeline']), {
      kind: 'run', context: 'ci', name: 'build', command: ['./x', '--timeline'],
      options: { remoteport: '9', timeline: '77', strict: true, hostname: 'web1' },
    })
  })

  test('takes the event options with = values and repeated attrs', () => {
    const call = parseClientCall(['run', 'ci', 'unit', '--attr', 'a=1', '--attr=b=2', '--http', 'npm', 'test'])
    assert.deepEqual(call, { kind: 'run', context: 'ci', name: 'unit', command: ['npm', 'test'], options: { attr: ['a=1', 'b=2'], http: true } })
  })

  test('leaves what it cannot parse to the full program', () => {
    for (const argv of [
      ['run'],
      ['run', '--help'],
      ['run', 'ci', 'build'], // no command
      ['run', 'ci', 'build', '--'], // no command after --
      ['run', 'ci', '--', 'make'], // no event
      ['run', 'ci', 'build', '--unknown', 'make'],
      ['run', 'ci', 'build', '--timeline'], // missing value
    ]) {
      assert.equal(parseClientCall(argv), undefined, argv.join(' '))
    }
  })

  test('--strict belongs to run only', () => {
    assert.equal(parseClientCall(['start', 'ci', 'build', '--strict']), undefined)
  })
})
