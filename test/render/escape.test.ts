import assert from 'node:assert/strict'
import { test } from 'node:test'
import { escapeHtml } from '../../src/render/escape.ts'

test('escapeHtml escapes the five HTML specials', () => {
  assert.equal(escapeHtml(`<a href="x">Tom & Jerry's</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;')
})

test('escapeHtml leaves ordinary text alone, unicode included', () => {
  assert.equal(escapeHtml('deploy.db.migrate @ wéb-1 ✓ 日本'), 'deploy.db.migrate @ wéb-1 ✓ 日本')
})

test('escapeHtml replaces characters XML forbids so an SVG still parses', () => {
  assert.equal(escapeHtml('a\x00b\x1bc\td\ne'), 'a\ufffdb\ufffdc\td\ne')
  assert.equal(escapeHtml('x\ud800y'), 'x\ufffdy')
  assert.equal(escapeHtml('😀'), '😀')
})

test('escapeHtml does not double-escape on repeated calls of the same input', () => {
  assert.equal(escapeHtml('&'), '&amp;')
  assert.equal(escapeHtml('&'), '&amp;')
})
