// Each Setting type takes the TOML value of its kind, or text (environment, flags, _file) converted to it.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { convert } from '../../src/config/convert.ts'
import type { Setting } from '../../src/config/settings.ts'

const of = (type: Setting['type'], more: Partial<Setting> = {}): Setting => ({ type, description: '', ...more })

describe('convert', () => {
  const accepted: Array<[Setting, unknown, boolean, unknown]> = [
    [of('string'), 'x', false, 'x'],
    [of('string', { choices: ['a', 'b'] }), 'b', true, 'b'],
    [of('integer'), 42, false, 42],
    [of('integer'), ' 42 ', true, 42],
    [of('integer', { min: 1, max: 9 }), '9', true, 9],
    [of('boolean'), false, false, false],
    [of('boolean'), 'true', true, true],
    [of('duration'), '1d12h', false, 36 * 3_600_000],
    [of('size'), '64MiB', true, 64 * 1024 ** 2],
    [of('size'), 1000, false, 1000],
    [of('size-floor'), '5%', true, { percent: 5 }],
    [of('size-floor'), 0, false, { bytes: 0 }],
    [of('url'), 'nats://n:4222', false, 'nats://n:4222'],
    [of('strings'), ['a', 'b'], false, ['a', 'b']],
    [of('strings'), 'a, b,,c', true, ['a', 'b', 'c']],
  ]
  for (const [setting, raw, text, value] of accepted) {
    test(`${setting.type} takes ${JSON.stringify(raw)}${text ? ' as text' : ''}`, () => {
      const converted = convert(setting, raw, text)
      assert.ok(converted.ok, JSON.stringify(converted))
      assert.deepEqual(converted.value, value)
    })
  }

  const refused: Array<[Setting, unknown, boolean, string]> = [
    [of('string'), 5, false, 'a string'],
    [of('string', { choices: ['a', 'b'] }), 'c', true, 'a, b'],
    [of('integer'), '4.5', true, 'a whole number'],
    [of('integer'), '42', false, 'a whole number'],
    [of('integer', { min: 1, max: 9 }), 10, false, 'a whole number from 1 to 9'],
    [of('integer', { min: 1, default: 1000 }), 0, false, 'a whole number of 1 or more, like 1000'],
    [of('boolean'), 'yes', true, 'true or false'],
    [of('boolean'), 'true', false, 'true or false'],
    [of('duration'), '30x', false, 'a duration like 30d, 12h or 2w'],
    [of('duration'), 30, false, 'a duration like 30d, 12h or 2w'],
    [of('size', { min: 1 }), '0', true, 'a size like 64MiB or 100MB'],
    [of('size-floor'), '120%', true, 'a size like 500MB or 1GiB, a percent like 5%, or 0'],
    [of('url'), 'not a url', false, 'a URL'],
    [of('strings'), 'a', false, 'a list of strings (comma-separated in the environment)'],
    [of('strings'), [1], false, 'a list of strings (comma-separated in the environment)'],
    [of('integer', { expected: 'a port number from 1 to 65535' }), 'http', true, 'a port number from 1 to 65535'],
  ]
  for (const [setting, raw, text, expected] of refused) {
    test(`${setting.type} refuses ${JSON.stringify(raw)}${text ? ' as text' : ''}: expected ${expected}`, () => {
      assert.deepEqual(convert(setting, raw, text), { ok: false, expected })
    })
  }
})
