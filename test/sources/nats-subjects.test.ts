import assert from 'node:assert/strict'
import { test } from 'node:test'
import { subjectCovers } from '../../src/sources/nats/subjects.ts'

test('a stream subject covers the subject consumed when it matches everything that one can match', () => {
  const cases: Array<[pattern: string, subject: string, covers: boolean]> = [
    ['upto.events', 'upto.events', true],
    ['upto.events', 'upto.other', false],
    ['upto.*', 'upto.events', true],
    ['upto.*', 'upto.events.ci', false],
    ['upto.>', 'upto.events.ci', true],
    ['upto.>', 'upto', false],
    ['upto.>', 'upto.*', true],
    ['upto.*', 'upto.>', false],
    ['upto.*', 'upto.*', true],
    ['>', 'anything.at.all', true],
    ['upto.events', 'upto.*', false],
    ['*.events', 'upto.events', true],
  ]
  for (const [pattern, subject, covers] of cases) assert.equal(subjectCovers(pattern, subject), covers, `${pattern} covers ${subject}`)
})
