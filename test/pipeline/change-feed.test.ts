// The change feed: one change per timeline a durable batch touched, to the listeners of its context or of all.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Stored } from '../../src/core/types.ts'
import { type Change, changesOf, createChangeFeed } from '../../src/pipeline/change-feed.ts'

const m = (context: string, timeline: string): Stored => ({ kind: 'mark', context, timeline, name: 'x', host: '', time: 1, received: 1 })

test('one change per timeline, in the order first seen, created when the batch made it', () => {
  const batch = [m('a', '1'), m('a', '1'), m('b', '2'), m('a', '1'), m('a', '3')]
  assert.deepEqual(changesOf(batch, [{ context: 'a', id: '3', created: 1 }]), [
    { context: 'a', timeline: '1', created: false }, { context: 'b', timeline: '2', created: false }, { context: 'a', timeline: '3', created: true },
  ])
  assert.deepEqual(changesOf(batch, [], new Set(['b'])), [{ context: 'b', timeline: '2', created: false }])
})

test('a listener of one context hears only it, and nothing of a batch without it; a listener of all hears all', () => {
  const feed = createChangeFeed()
  const heard: Change[][] = []
  const everything: Change[][] = []
  const stop = feed.subscribe('payloads', (changes) => heard.push([...changes]))
  feed.publish([m('ci', '1')], [])
  assert.deepEqual(heard, [])
  feed.publish([m('ci', '1'), m('payloads', 'p1')], [])
  assert.deepEqual(heard, [[{ context: 'payloads', timeline: 'p1', created: false }]])
  feed.subscribe(undefined, (changes) => everything.push([...changes]))
  feed.publish([m('ci', '2'), m('payloads', 'p2')], [])
  assert.equal(everything[0]!.length, 2)
  assert.deepEqual(heard[1], [{ context: 'payloads', timeline: 'p2', created: false }])
  stop()
  feed.close()
})
