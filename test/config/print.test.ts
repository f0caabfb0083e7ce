// upto config prints the effective configuration as TOML that reads back, secrets masked, each value followed
// by where it came from.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parse } from 'smol-toml'
import { renderConfiguration } from '../../src/config/print.ts'
import { configPath, load } from './fixture.ts'

const token = 'a-write-token-of-32-characters!!'

async function printed(options: Parameters<typeof load>[0]) {
  const text = renderConfiguration(await load(options))
  return { text, toml: JSON.parse(JSON.stringify(parse(text))) as Record<string, unknown> }
}

describe('upto config', () => {
  test('reads back through smol-toml with the effective values, sections included', async () => {
    const { toml } = await printed({
      files: {
        [configPath]: 'max_streams = 10\npublic_url = ["https://upto.example.com"]\n\n[sources.ci]\ntype = "nats"\nurl = "nats://nats.internal:4222"\n\n[sinks.out]\ntype = "stdout"\n',
      },
      env: { UPTO__RETAIN: '30d' },
      flags: { port: '9000' },
    })
    assert.equal(toml.port, 9000)
    assert.equal(toml.max_streams, 10)
    assert.equal(toml.retain, '30d')
    assert.equal(toml.max_body_bytes_in_flight, '64MiB')
    assert.deepEqual(toml.public_url, ['https://upto.example.com'])
    assert.deepEqual(toml.sources, { ci: { type: 'nats', enabled: true, format: 'upto', url: 'nats://nats.internal:4222', subject: 'upto.>' } })
    assert.deepEqual(toml.sinks, { out: { type: 'stdout', enabled: true, pretty: false } })
  })

  test('says where each value came from', async () => {
    const { text } = await printed({
      files: { [configPath]: 'max_streams = 10\n', '/run/token': token },
      env: { UPTO__RETAIN: '30d' },
      flags: { port: '9000', tokenFile: '/run/token' },
    })
    const lines = text.split('\n')
    assert.ok(lines.includes('port = 9000 # flag --port'), text)
    assert.ok(lines.includes('max_streams = 10 # file /etc/upto/upto.toml'), text)
    assert.ok(lines.includes('retain = "30d" # env UPTO__RETAIN'), text)
    assert.ok(lines.includes('host = "127.0.0.1" # default'), text)
    assert.ok(lines.includes('token = "***" # flag --token-file /run/token'), text)
    assert.ok(lines.includes('# udp_port is not set: UDP port, when it differs from port'), text)
  })

  test('masks secrets, of the collector and of sections, and passwords in URLs', async () => {
    const { text, toml } = await printed({
      files: { [configPath]: `udp_key = "${token}"\n\n[sources.ci]\ntype = "nats"\nurl = "nats://me:s3cret@nats.internal:4222"\npassword = "hunter2hunter2"\n` },
      env: { UPTO_TOKEN: token, UPTO_STORE: 'postgres://upto:pg-s3cret@db.internal/upto' },
    })
    assert.equal(toml.token, '***')
    assert.equal(toml.udp_key, '***')
    assert.equal(toml.store, 'postgres://upto:***@db.internal/upto')
    assert.deepEqual((toml.sources as Record<string, Record<string, unknown>>).ci?.password, '***')
    assert.equal((toml.sources as Record<string, Record<string, unknown>>).ci?.url, 'nats://me:***@nats.internal:4222')
    for (const secret of [token, 's3cret', 'hunter2']) assert.ok(!text.includes(secret), `${secret} printed:\n${text}`)
  })

  test('escapes what TOML must escape, and keeps a path with a newline on its comment line', async () => {
    const { text, toml } = await printed({ flags: { config: '/x\ny.toml', host: 'a"b\\c\u007f', data: '/srv/a\nb' }, files: { '/x\ny.toml': 'port = 9\n' } })
    assert.equal(toml.host, 'a"b\\c\u007f')
    assert.equal(toml.data, '/srv/a\nb')
    assert.equal(toml.port, 9)
    assert.ok(text.includes('port = 9 # file /x?y.toml\n'), text)
  })
})
