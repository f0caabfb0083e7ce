// Each key's value comes from the latest layer that gives it: defaults, then upto.toml, then the environment,
// then the flags; and the origin of each is kept.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { configPath, load } from './fixture.ts'

const file = { [configPath]: 'port = 9000\nmax_streams = 10\nretain = "30d"\nhost = "0.0.0.0"\n' }

describe('layering', () => {
  test('defaults alone: the Settings’ defaults and the data folder under XDG_DATA_HOME', async () => {
    const { collector } = await load({ env: { XDG_DATA_HOME: '/srv/data' } })
    assert.equal(collector.port?.value, 8123)
    assert.equal(collector.host?.value, '127.0.0.1')
    assert.equal(collector.sync?.value, 'acknowledged')
    assert.equal(collector.max_body_bytes_in_flight?.value, 64 * 1024 ** 2)
    assert.equal(collector.data?.value, '/srv/data/upto')
    assert.equal(collector.retain, undefined)
    assert.deepEqual(collector.port?.origin, { layer: 'default', name: '', rank: 0 })
  })

  test('the file over the defaults, the environment over the file, the flags over the environment', async () => {
    const { collector } = await load({
      files: file,
      env: { UPTO__MAX_STREAMS: '20', UPTO__PORT: '9001' },
      flags: { port: '9002' },
    })
    assert.equal(collector.port?.value, 9002)
    assert.equal(collector.port?.origin.name, '--port')
    assert.equal(collector.max_streams?.value, 20)
    assert.equal(collector.max_streams?.origin.name, 'UPTO__MAX_STREAMS')
    assert.equal(collector.retain?.value, 30 * 86_400_000)
    assert.equal(collector.retain?.shown, '30d')
    assert.deepEqual(collector.host?.origin, { layer: 'file', name: configPath, rank: 10 })
  })

  test('environment values are text converted by the key’s type; lists are comma-separated', async () => {
    const { collector } = await load({
      env: { UPTO__ALLOW_ORIGIN: 'https://a.example.com, https://b.example.com', UPTO__MIN_FREE: '5%', UPTO__SYNC: 'always' },
    })
    assert.deepEqual(collector.allow_origin?.value, ['https://a.example.com', 'https://b.example.com'])
    assert.deepEqual(collector.min_free?.value, { percent: 5 })
    assert.equal(collector.sync?.value, 'always')
  })

  test('a repeated flag gives the whole list, over the file’s', async () => {
    const { collector } = await load({
      files: { [configPath]: 'public_url = ["https://old.example.com"]\n' },
      flags: { publicUrl: ['https://a.example.com', 'https://b.example.com'] },
    })
    assert.deepEqual(collector.public_url?.value, ['https://a.example.com', 'https://b.example.com'])
  })

  test('section keys come from UPTO__SOURCES__NAME__KEY and UPTO__SINKS__NAME__KEY, over the file’s', async () => {
    const { sources, sinks } = await load({
      files: { [configPath]: '[sources.ci]\ntype = "nats"\nurl = "nats://old:4222"\n' },
      env: { UPTO__SOURCES__CI__URL: 'nats://nats.internal:4222', UPTO__SINKS__OUT__TYPE: 'stdout', UPTO__SINKS__OUT__PRETTY: 'true' },
    })
    assert.equal(sources[0]?.values.url?.value, 'nats://nats.internal:4222')
    assert.equal(sources[0]?.values.url?.origin.name, 'UPTO__SOURCES__CI__URL')
    assert.equal(sources[0]?.values.type?.origin.name, configPath)
    assert.deepEqual(
      sinks.map((s) => [s.name, s.type, s.values.pretty?.value]),
      [['out', 'stdout', true]],
    )
  })

  test('the older variables still work, below the UPTO__ ones', async () => {
    const token = 'a-write-token-of-32-characters!!'
    const older = await load({ env: { UPTO_DATA: '/var/lib/upto', UPTO_TOKEN: token } })
    assert.equal(older.collector.data?.value, '/var/lib/upto')
    assert.equal(older.collector.token?.value, token)
    const newer = await load({ env: { UPTO_DATA: '/var/lib/upto', UPTO__DATA: '/srv/upto' } })
    assert.equal(newer.collector.data?.value, '/srv/upto')
    const file = await load({ files: { [configPath]: 'data = "/from/file"\n' }, env: { UPTO_DATA: '/var/lib/upto' } })
    assert.equal(file.collector.data?.value, '/var/lib/upto')
  })

  test('data and store: the later layer’s wins, $UPTO_STORE over $UPTO_DATA, a flag over both', async () => {
    const pg = 'postgres://upto@db.internal/upto'
    const fromEnv = await load({ env: { UPTO_STORE: pg, UPTO_DATA: '/var/lib/upto' } })
    assert.equal(fromEnv.collector.store?.value, pg)
    assert.equal(fromEnv.collector.data, undefined)
    const flag = await load({ env: { UPTO_STORE: pg }, flags: { data: '/tmp/d' } })
    assert.equal(flag.collector.data?.value, '/tmp/d')
    assert.equal(flag.collector.store, undefined)
    const file = await load({ files: { [configPath]: `store = "${pg}"\n` } })
    assert.equal(file.collector.store?.value, pg)
    assert.equal(file.collector.data, undefined, 'the default data folder gives way to a store')
  })

  test('sections: enabled defaults to true, a source’s format to "upto", its type’s defaults filled in', async () => {
    const { sources } = await load({
      files: { [configPath]: '[sources.ci]\ntype = "nats"\nurl = "nats://n:4222"\n\n[sources.drop]\ntype = "folder"\npath = "/srv/in"\nenabled = false\nformat = "cdevents"\n' },
    })
    assert.deepEqual(
      sources.map((s) => [s.name, s.type, s.enabled, s.values.format?.value, s.values.subject?.value]),
      [
        ['ci', 'nats', true, 'upto', 'upto.>'],
        ['drop', 'folder', false, 'cdevents', undefined],
      ],
    )
  })
})
