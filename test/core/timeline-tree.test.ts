import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { buildTimeline } from '../../src/core/timeline.ts'
import type { Stored } from '../../src/core/types.ts'
import { briefRow, info, msg } from './messages.ts'

function rowsOf(messages: Stored[]): string[] {
  return buildTimeline(info, messages).rows.map(briefRow)
}

function span(name: string, start: number, end: number, extra: Partial<Stored> = {}): Stored[] {
  return [msg('start', name, start, extra), msg('end', name, end, extra)]
}

describe('the tree of names', () => {
  const cases: Array<{ name: string, messages: Stored[], rows: string[] }> = [
    {
      name: 'every prefix of a dotted name is a node, implied when it has no event of its own',
      messages: span('a.b.c', 10, 20),
      rows: ['a@ implied 10-20 ok', 'a.b@ implied 10-20 ok', 'a.b.c@ span 10-20 ok'],
    },
    {
      name: 'an implied ancestor spans from the first start to the last end of its descendants across hosts',
      messages: [...span('a.x', 10, 20, { host: 'web1' }), ...span('a.y', 15, 40, { host: 'web2' }), ...span('a.y.z', 5, 12)],
      rows: ['a@ implied 5-40 ok', 'a.x@web1 span 10-20 ok', 'a.y@web2 span 15-40 ok', 'a.y.z@ span 5-12 ok'],
    },
    {
      name: 'an implied ancestor runs, with no end, while any descendant runs',
      messages: [...span('a.x', 10, 50), msg('start', 'a.y', 20)],
      rows: ['a@ implied 10- running', 'a.x@ span 10-50 ok', 'a.y@ span 20- running'],
    },
    {
      name: 'an implied ancestor fails when a descendant row failed',
      messages: [...span('a.x', 10, 20, { status: 'error' }), ...span('a.y', 20, 30)],
      rows: ['a@ implied 10-30 error', 'a.x@ span 10-20 error', 'a.y@ span 20-30 ok'],
    },
    {
      name: 'an implied ancestor is ok when a retry fixed the failed attempt',
      messages: [msg('start', 'a.x', 10), msg('end', 'a.x', 20, { status: 'error' }), ...span('a.x', 30, 40)],
      rows: ['a@ implied 10-40 ok', 'a.x@ span 10-40 ok'],
    },
    {
      name: 'an implied ancestor of an orphan is ok',
      messages: [msg('end', 'a.x', 20)],
      rows: ['a@ implied 20-20 ok', 'a.x@ span 20-20 orphan'],
    },
    {
      name: 'an ancestor with its own start and end is a span row with its own times',
      messages: [...span('a', 12, 18), ...span('a.x', 10, 20)],
      rows: ['a@ span 12-18 ok', 'a.x@ span 10-20 ok'],
    },
    {
      name: 'an ancestor with only marks is a mark row, not implied',
      messages: [msg('mark', 'a', 15), ...span('a.x', 10, 20)],
      rows: ['a@ mark 15-15 ok', 'a.x@ span 10-20 ok'],
    },
    {
      name: 'the same step on two hosts is two parallel rows, by start time, before the children',
      messages: [...span('a', 10, 30, { host: 'web2' }), ...span('a', 12, 25, { host: 'web1' }), ...span('a.x', 5, 8)],
      rows: ['a@web2 span 10-30 ok', 'a@web1 span 12-25 ok', 'a.x@ span 5-8 ok'],
    },
    {
      name: 'rows of one name that start together go by host',
      messages: [...span('a', 10, 30, { host: 'web2' }), ...span('a', 10, 25, { host: 'web1' })],
      rows: ['a@web1 span 10-25 ok', 'a@web2 span 10-30 ok'],
    },
    {
      name: 'marks and spans of the same key are two rows, the span first',
      messages: [msg('mark', 'a', 10), ...span('a', 10, 20)],
      rows: ['a@ span 10-20 ok', 'a@ mark 10-10 ok'],
    },
    {
      name: 'siblings go by start time, then by name',
      messages: [...span('c', 30, 40), ...span('b', 10, 20), ...span('a', 30, 35)],
      rows: ['b@ span 10-20 ok', 'a@ span 30-35 ok', 'c@ span 30-40 ok'],
    },
    {
      name: 'the display order is depth-first',
      messages: [...span('build.test', 30, 50), ...span('build.compile.js', 10, 20), ...span('deploy', 25, 60),
        ...span('build.compile.css', 12, 18)],
      rows: ['build@ implied 10-50 ok', 'build.compile@ implied 10-20 ok', 'build.compile.js@ span 10-20 ok',
        'build.compile.css@ span 12-18 ok', 'build.test@ span 30-50 ok', 'deploy@ span 25-60 ok'],
    },
  ]
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(rowsOf(c.messages), c.rows))
  }

  test('depth counts the dots of a name', () => {
    const rows = buildTimeline(info, span('a.b.c', 10, 20)).rows
    assert.deepEqual(rows.map((r) => r.depth), [0, 1, 2])
  })

  test('children list the direct child nodes in display order, on every row of the node', () => {
    const messages = [...span('a', 0, 1, { host: 'h1' }), ...span('a', 0, 1, { host: 'h2' }),
      ...span('a.y', 20, 30), ...span('a.x.deep', 10, 20), ...span('a.y', 5, 6, { host: 'h3' })]
    const children = buildTimeline(info, messages).rows.map((r) => `${r.name}@${r.host}: ${r.children.join(' ')}`)
    assert.deepEqual(children, ['a@h1: a.y a.x', 'a@h2: a.y a.x', 'a.y@h3: ', 'a.y@: ', 'a.x@: a.x.deep', 'a.x.deep@: '])
  })

  test('implied rows have no host and no attempts', () => {
    const [row] = buildTimeline(info, span('a.b', 10, 20, { host: 'web1' })).rows
    assert.deepEqual(row, { name: 'a', host: '', depth: 0, kind: 'implied', start: 10, end: 20, status: 'ok',
      attempts: [], children: ['a.b'] })
  })
})
