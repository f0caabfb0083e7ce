import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compareRuns } from '../../src/facets/analysis/model/compare.ts'
import { profileOf } from '../../src/facets/analysis/model/run-profile.ts'
import { renderComparePage } from '../../src/facets/analysis/web-compare-page.ts'
import { T0, implied, makeTimeline, span } from '../render/make-timeline.ts'

const s = 1_000
const NOW = T0 + 1_000 * s

// test.smoke got slower, deploy.drain faster: sorted by what they added, drain comes right after smoke.
const before = makeTimeline([
  implied('test', 0, 20 * s), span('test.smoke', [0, 20 * s]),
  implied('deploy', 20 * s, 50 * s), span('deploy.drain', [20 * s, 50 * s]),
], { id: 'r1' })
const after = makeTimeline([
  implied('test', 0, 40 * s), span('test.smoke', [0, 40 * s]),
  implied('deploy', 40 * s, 60 * s), span('deploy.drain', [40 * s, 60 * s]),
], { id: 'r2' })
const html = renderComparePage(compareRuns(profileOf(before, NOW), profileOf(after, NOW)), { ganttHref: (id) => `/gantt/x/${id}`, jsonHref: '/api/compare/x' })

test('names every step by its full dotted name, never a leaf indented under an unrelated row', () => {
  const names = [...html.matchAll(/<td class="name">(.*?)<\/td>/g)].map((m) => m[1]!.replaceAll('<wbr>', ''))
  assert.deepEqual(names, ['test.smoke', 'test', 'deploy', 'deploy.drain', '(waiting)', 'total'])
  assert.ok(!/>\s+drain</.test(html), 'no indented leaf name')
})

test('has one header for each column', () => {
  const heads = [...html.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))
  assert.deepEqual(heads.map((h, i) => (i === 1 ? 'bars' : h)), ['step', 'bars', 'r1', 'r2', 'change', 'usual', 'on path', 'notes'])
  for (const row of html.match(/<tr data-name=.*?<\/tr>/g)!) assert.equal([...row.matchAll(/<td/g)].length, heads.length, row)
})
