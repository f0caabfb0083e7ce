// The ids a NATS message's events get from where it sits in the stream: the same on every delivery.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Incoming } from '../../src/core/types.ts'
import { addMessageIds, derivedId } from '../../src/sources/nats/message-ids.ts'

const event = (name: string, id?: string): Incoming => ({ kind: 'mark', context: 'ctx', name, host: 'h', time: 1, ...(id === undefined ? {} : { id }) })

test('events without an id get nats:STREAM:SEQUENCE:INDEX by their place; ids the sender gave are kept', () => {
  const events = [event('a'), event('b', 'mine'), event('c')]
  addMessageIds(events, 'UPTO', 1234)
  assert.deepEqual(events.map((e) => e.id), ['nats:UPTO:1234:0', 'mine', 'nats:UPTO:1234:2'])
  assert.equal(events[2]!.id, derivedId('UPTO', 1234, 2))
})

test('the same message delivered again gets the same ids; another message other ones', () => {
  const first = [event('a'), event('b')]
  const again = [event('a'), event('b')]
  const next = [event('a'), event('b')]
  addMessageIds(first, 'S', 7)
  addMessageIds(again, 'S', 7)
  addMessageIds(next, 'S', 8)
  assert.deepEqual(again.map((e) => e.id), first.map((e) => e.id))
  assert.ok(next.every((e, i) => e.id !== first[i]!.id))
})
