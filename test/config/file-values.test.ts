// Any key given as KEY_file takes its value from that file: for secrets, which argv and the environment show.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { configPath, load, refusals } from './fixture.ts'

const token = 'a-write-token-of-32-characters!!'

describe('KEY_file', () => {
  test('reads the value from the file, trailing newlines left out, and keeps where it came from', async () => {
    const { collector } = await load({ files: { [configPath]: 'token_file = "/run/secrets/token"\n', '/run/secrets/token': `${token}\n` } })
    assert.equal(collector.token?.value, token)
    assert.deepEqual(collector.token?.origin, { layer: 'file', name: configPath, rank: 10, via: '/run/secrets/token' })
  })

  test('works from the environment and from the flags, for any key, converted by its type', async () => {
    const files = { '/run/port': '9100\r\n', '/run/token': token, '/run/nats-password': 'hunter2hunter2\n' }
    const { collector, sources } = await load({
      files,
      env: { UPTO__PORT_FILE: '/run/port', UPTO__SOURCES__CI__TYPE: 'nats', UPTO__SOURCES__CI__URL: 'nats://n:4222', UPTO__SOURCES__CI__PASSWORD_FILE: '/run/nats-password' },
      flags: { tokenFile: '/run/token' },
    })
    assert.equal(collector.port?.value, 9100)
    assert.equal(collector.port?.origin.name, 'UPTO__PORT_FILE')
    assert.equal(collector.token?.value, token)
    assert.equal(collector.token?.origin.name, '--token-file')
    assert.equal(sources[0]?.values.password?.value, 'hunter2hunter2')
  })

  test('a later layer’s KEY wins over an earlier KEY_file, whose file is then not read', async () => {
    const { collector } = await load({ files: { [configPath]: 'token_file = "/nowhere/token"\n' }, flags: { token } })
    assert.equal(collector.token?.value, token)
  })

  test('an unreadable file is refused, naming the key and the path', async () => {
    assert.deepEqual(await refusals({ files: { [configPath]: 'token_file = "/run/missing"\n' } }), [
      `cannot read token_file /run/missing in ${configPath} (ENOENT): expected a file holding the token`,
    ])
    assert.deepEqual(await refusals({ flags: { udpKeyFile: '/run/missing' } }), [
      'cannot read --udp-key-file /run/missing (ENOENT): expected a file holding the udp key',
    ])
    assert.deepEqual(await refusals({ env: { UPTO__SOURCES__CI__TYPE: 'nats', UPTO__SOURCES__CI__URL_FILE: '/run/missing' } }), [
      'cannot read UPTO__SOURCES__CI__URL_FILE /run/missing (ENOENT): expected a file holding the url',
    ])
  })

  test('KEY and KEY_file in one layer are refused', async () => {
    assert.deepEqual(await refusals({ flags: { token, tokenFile: '/run/token' } }), ['give --token or --token-file, not both'])
    assert.deepEqual(await refusals({ files: { [configPath]: `token = "${token}"\ntoken_file = "/run/token"\n` } }), [
      `give token or token_file, not both in ${configPath}`,
    ])
  })

  test('a value read from a file that does not fit its type names the file', async () => {
    assert.deepEqual(await refusals({ files: { '/run/port': 'eighty\n' }, env: { UPTO__PORT_FILE: '/run/port' } }), [
      'invalid UPTO__PORT_FILE /run/port "eighty": expected a port number from 1 to 65535',
    ])
  })
})
