// What upto serve hands to startCollector, made from the configuration.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { collectorOptions } from '../../src/commands/collector-options.ts'
import { configPath, load } from './fixture.ts'

const token = 'a-write-token-of-32-characters!!'

describe('the collector’s options from the configuration', () => {
  test('every key in the unit the collector takes; udp and http ports default to port', async () => {
    const options = collectorOptions(
      await load({
        files: { [configPath]: 'port = 9000\nretain = "12h"\nmin_free = "5%"\nmax_streams = 5\nsync = "never"\n' },
        env: { UPTO__MAX_BODY_BYTES_IN_FLIGHT: '1MiB', UPTO_TOKEN: token, UPTO__ALLOW_ORIGIN: 'https://ci.example.com/' },
        flags: { httpPort: '9001', data: '/srv/upto', publicUrl: ['https://[::1]:8443/upto'] },
      }),
    )
    assert.deepEqual(options, {
      host: '127.0.0.1',
      port: 9000,
      udpPort: 9000,
      httpPort: 9001,
      data: '/srv/upto',
      token,
      retainMs: 12 * 3_600_000,
      sync: 'never',
      minFree: { percent: 5 },
      maxStreams: 5,
      maxBodyBytesInFlight: 1024 ** 2,
      origins: { publicHosts: ['::1'], allowOrigins: ['https://ci.example.com'] },
      sources: [],
      sinks: [],
    })
  })

  test('a store URL instead of a data folder', async () => {
    const options = collectorOptions(await load({ env: { UPTO_STORE: 'postgres://upto@db.internal/upto' } }))
    assert.equal(options.storeUrl, 'postgres://upto@db.internal/upto')
    assert.equal(options.data, undefined)
  })

  test('sources and sinks pass through as { name, type, enabled, format, options }, defaults filled in', async () => {
    const options = collectorOptions(
      await load({
        files: {
          [configPath]:
            '[sources.ci]\ntype = "nats"\nurl = "nats://nats.internal:4222"\nsubject = "ci.>"\n\n[sources.off]\ntype = "folder"\npath = "/in"\nenabled = false\n\n[sinks.archive]\ntype = "http"\nurl = "https://archive.example.com/events"\n',
        },
      }),
    )
    assert.deepEqual(options.sources, [
      { name: 'ci', type: 'nats', enabled: true, format: 'upto', options: { url: 'nats://nats.internal:4222', subject: 'ci.>' } },
      { name: 'off', type: 'folder', enabled: false, format: 'upto', options: { path: '/in' } },
    ])
    assert.deepEqual(options.sinks, [{ name: 'archive', type: 'http', enabled: true, options: { url: 'https://archive.example.com/events', timeout: 5_000 } }])
  })
})
