import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseClientCall } from '../../src/cli/fast-path.ts'

describe('the client fast path', () => {
  test('parses a start with the original flags before the command', () => {
    assert.deepEqual(parseClientCall(['--rh', 'upto.internal', '--rp', '9000', '-n', 'web1', 'start', 'deploy', 'db.migrate']), {
      kind: 'start',
      context: 'deploy',
      name: 'db.migrate',
      options: { remotehost: 'upto.internal', remoteport: '9000', hostname: 'web1' },
    })
  })

  test('parses flags after the command, long names, = values and repeated attrs', () => {
    assert.deepEqual(
      parseClientCall(['end', 'build', 'unit', '--remotehost=h', '--status', 'error', '--attr', 'a=1', '--attr', 'b=2', '-a', '-i', '--http']),
      {
        kind: 'end',
        context: 'build',
        name: 'unit',
        options: { remotehost: 'h', status: 'error', attr: ['a=1', 'b=2'], autohost: true, autoip: true, http: true },
      },
    )
  })

  test('knows the aliases of every client command', () => {
    const kinds = ['s', 'e', 'v', 'event', 'mark'].map((command) => parseClientCall([command, 'ctx', 'x'])?.kind)
    assert.deepEqual(kinds, ['start', 'end', 'mark', 'mark', 'mark'])
    assert.deepEqual(parseClientCall(['n', 'ctx', '--timeline', '7']), {
      kind: 'new', context: 'ctx', name: '', options: { timeline: '7' },
    })
  })

  test('leaves everything it cannot parse to the full program, which explains the problem', () => {
    for (const argv of [
      [],
      ['--help'],
      ['start', '--help'],
      ['start', 'ctx'], // missing event
      ['start', 'ctx', 'a', 'b'], // one too many
      ['new', 'ctx', 'name'], // new takes no event
      ['start', 'ctx', 'a', '--unknown'],
      ['start', 'ctx', 'a', '--rp'], // missing value
      ['serve'],
      ['gantt', 'ctx'],
      ['--version'],
    ]) {
      assert.equal(parseClientCall(argv), undefined, `${argv.join(' ')} goes to the full program`)
    }
  })
})

test('options that new does not take go to the full program', () => {
  assert.equal(parseClientCall(['new', 'ctx', '--status', 'ok']), undefined)
})
