import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { formatAgo, formatTime } from '../../src/core/format.ts'
import { makeIsoTime } from '../../src/facets/timelines/iso-time.ts'
import { clean, fit, textWidth, truncate } from '../../src/render/terminal-text.ts'

describe('terminal text', () => {
  test('measures wide characters as two columns and combining marks as none', () => {
    assert.equal(textWidth('abc'), 3)
    assert.equal(textWidth('日本'), 4)
    assert.equal(textWidth('e\u0301'), 1)
    assert.equal(textWidth('✓ …'), 3)
  })

  test('truncates with an ellipsis without passing the width', () => {
    assert.equal(truncate('migrate', 10), 'migrate')
    assert.equal(truncate('migrate', 5), 'migr…')
    assert.equal(truncate('日本語テキスト', 6), '日本…')
    assert.equal(truncate('abc', 0), '')
  })

  test('fits text into a fixed width, left or right', () => {
    assert.equal(fit('ab', 4), 'ab  ')
    assert.equal(fit('ab', 4, 'right'), '  ab')
    assert.equal(fit('abcdef', 4), 'abc…')
  })

  test('replaces control characters', () => {
    assert.equal(clean('a\x1b[31mb\x07'), 'a?[31mb?')
  })
})

describe('time helpers', () => {
  test('makeIsoTime agrees with formatTime', () => {
    const iso = makeIsoTime()
    const times = [0, 999, 59_999, 60_000, Date.UTC(2024, 4, 1, 12, 0, 7, 5), Date.UTC(2024, 4, 1, 12, 0, 7, 5) + 0.7, -1, -61_001]
    for (let i = 0; i < 200; i++) times.push(Date.UTC(2024, 0, 1) + Math.floor(i * 7_919.3))
    for (const t of times) assert.equal(iso(t), formatTime(t), String(t))
  })

  test('formatAgo reads coarsely, past and future', () => {
    const now = Date.UTC(2024, 4, 1, 12)
    assert.equal(formatAgo(now - 500, now), 'just now')
    assert.equal(formatAgo(now - 45_000, now), '45s ago')
    assert.equal(formatAgo(now - 5 * 60_000, now), '5m ago')
    assert.equal(formatAgo(now - 3 * 3_600_000, now), '3h ago')
    assert.equal(formatAgo(now - 2 * 86_400_000, now), '2d ago')
    assert.equal(formatAgo(now + 5 * 60_000, now), 'in 5m')
  })
})
