import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  type ContextState,
  type Placement,
  freshTimelineId,
  placeEvent,
  recordTimeline,
  timelineIdCandidate,
} from '../../src/core/placement.ts'
import type { Incoming, TimelineInfo } from '../../src/core/types.ts'

const received = Date.UTC(2026, 10, 22, 17, 25, 36, 123)
const fresh = '20261122-172536-123'
const older: TimelineInfo = { context: 'deploy', id: '41', created: received - 60_000 }

const state = (newest?: TimelineInfo, ...others: string[]): ContextState => ({
  context: 'deploy',
  newest,
  known: new Set([...(newest ? [newest.id] : []), ...others]),
})
const event = (kind: Incoming['kind'], timeline?: string): Incoming => ({
  kind,
  context: 'deploy',
  name: kind === 'new' ? '' : 'db.migrate',
  host: '',
  ...(timeline === undefined ? {} : { timeline }),
})
const created = (id: string, at = received): Placement => ({
  timeline: id,
  created: { context: 'deploy', id, created: at },
})

describe('placeEvent', () => {
  const cases: Array<{ says: string; event: Incoming; state: ContextState; expect: Placement }> = [
    { says: 'a new without id creates a time-sortable id', event: event('new'), state: state(older), expect: created(fresh) },
    { says: 'a new in an empty context creates one', event: event('new'), state: state(), expect: created(fresh) },
    {
      says: 'a new whose id is taken gets a suffix',
      event: event('new'),
      state: state(older, fresh, `${fresh}-2`),
      expect: created(`${fresh}-3`),
    },
    { says: 'a new naming an unknown id creates it', event: event('new', '42'), state: state(older), expect: created('42') },
    { says: 'a new naming a known id joins it', event: event('new', '41'), state: state(older), expect: { timeline: '41' } },
    { says: 'a start naming no timeline joins the newest', event: event('start'), state: state(older), expect: { timeline: '41' } },
    { says: 'an end naming no timeline joins the newest', event: event('end'), state: state(older, '7'), expect: { timeline: '41' } },
    { says: 'a mark naming no timeline joins the newest', event: event('mark'), state: state(older), expect: { timeline: '41' } },
    { says: 'a start in an empty context creates a timeline', event: event('start'), state: state(), expect: created(fresh) },
    { says: 'a start naming a known older timeline joins it', event: event('start', '7'), state: state(older, '7'), expect: { timeline: '7' } },
    { says: 'a start naming an unknown timeline creates it', event: event('start', '43'), state: state(older), expect: created('43') },
  ]
  for (const c of cases) {
    test(c.says, () => {
      assert.deepEqual(placeEvent(c.event, c.state, received), c.expect)
    })
  }

  test('a created timeline is never older than the newest, even when the clock steps back', () => {
    const future: TimelineInfo = { context: 'deploy', id: 'x', created: received + 5_000 }
    assert.deepEqual(placeEvent(event('new', 'y'), state(future), received), created('y', received + 5_000))
  })

  test('does not change the state it is given', () => {
    const s = state(older)
    placeEvent(event('new'), s, received)
    assert.deepEqual(s, state(older))
  })
})

describe('recordTimeline', () => {
  test('makes the created timeline known and the newest, so the next event joins it', () => {
    const s = state(older)
    const first = placeEvent(event('new'), s, received)
    assert.ok(first.created)
    recordTimeline(s, first.created)
    assert.deepEqual(placeEvent(event('start'), s, received + 1), { timeline: fresh })
    assert.deepEqual(placeEvent(event('new'), s, received), created(`${fresh}-2`))
  })
})

describe('fresh timeline ids', () => {
  test('sort by receive time as text', () => {
    const ids = [0, 1, 999, 1_000, 60_000, 86_400_000].map((ms) => freshTimelineId(received + ms, () => false))
    assert.deepEqual([...ids].sort(), ids)
  })

  test('follow the candidates in order', () => {
    assert.equal(timelineIdCandidate(received, 1), fresh)
    assert.equal(timelineIdCandidate(received, 2), `${fresh}-2`)
    const taken = new Set([fresh, `${fresh}-2`])
    assert.equal(freshTimelineId(received, (id) => taken.has(id)), timelineIdCandidate(received, 3))
  })

  test('are made from UTC', () => {
    assert.equal(freshTimelineId(Date.UTC(2025, 0, 2, 3, 4, 5, 6), () => false), '20250102-030405-006')
  })
})
