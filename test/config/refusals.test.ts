// What upto serve refuses to start with: every problem at once, each naming the key's full path, the value,
// what was expected and, for a key not known, the nearest known one.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { run } from '../../src/program.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { configPath, refusals } from './fixture.ts'

const toml = (text: string) => ({ files: { [configPath]: text } })

describe('refusals', () => {
  test('an unknown key, with the nearest known one', async () => {
    assert.deepEqual(await refusals(toml('max_stream = 5\n')), [
      `unknown key max_stream = 5 in ${configPath}: expected a key of the collector (did you mean "max_streams"?)`,
    ])
    assert.deepEqual(await refusals(toml('[sources.ci]\ntype = "nats"\nurl = "nats://n:4222"\nsubjet = "ci.>"\n')), [
      `unknown key sources.ci.subjet = "ci.>" in ${configPath}: expected a key of a nats source (did you mean "subject"?)`,
    ])
    assert.deepEqual(await refusals({ env: { UPTO__MAX_STREAM: '5' } }), [
      'unknown key UPTO__MAX_STREAM = "5": expected a key of the collector (did you mean "UPTO__MAX_STREAMS"?)',
    ])
  })

  test('an unknown key with nothing near lists the keys of its section', async () => {
    assert.deepEqual(await refusals(toml('[sinks.out]\ntype = "stdout"\ncolour = "red"\n')), [
      `unknown key sinks.out.colour = "red" in ${configPath}: expected a key of a stdout sink: type, enabled, feed, pretty`,
    ])
  })

  test('a value of the wrong type, named as its layer names it', async () => {
    assert.deepEqual(await refusals(toml('port = "http"\nmax_streams = 0\nsync = "sometimes"\n[sinks.out]\ntype = "stdout"\npretty = "yes"\n')), [
      `invalid port "http" in ${configPath}: expected a port number from 1 to 65535`,
      `invalid max_streams 0 in ${configPath}: expected a whole number of 1 or more, like 1000`,
      `invalid sync "sometimes" in ${configPath}: expected acknowledged, always, never`,
      `invalid sinks.out.pretty "yes" in ${configPath}: expected true or false`,
    ])
    assert.deepEqual(await refusals({ env: { UPTO__RETAIN: '30x' }, flags: { maxBodyBytesInFlight: 'lots' } }), [
      'invalid UPTO__RETAIN "30x": expected a duration like 30d, 12h or 2w',
      'invalid --max-body-bytes-in-flight "lots": expected a size like 64MiB or 100MB',
    ])
    assert.deepEqual(await refusals(toml('allow_origin = "https://ci.example.com"\n')), [
      `invalid allow_origin "https://ci.example.com" in ${configPath}: expected a list of strings (comma-separated in the environment)`,
    ])
  })

  test('a section of an unknown type, with the nearest known one; a section with no type', async () => {
    assert.deepEqual(await refusals(toml('[sources.ci]\ntype = "natz"\nurl = "nats://n:4222"\n')), [
      `unknown source type "natz" at sources.ci.type in ${configPath}: expected one of nats, folder (did you mean "nats"?)`,
    ])
    assert.deepEqual(await refusals(toml('[sinks.out]\npretty = true\n')), [`missing sinks.out.type in ${configPath}: expected one of stdout, http`])
    assert.deepEqual(await refusals(toml('[sources.ci]\ntype = "nats"\n')), [`missing sources.ci.url in ${configPath}: expected the NATS server`])
  })

  test('a section NAME that is not [a-z0-9_-]+, or is a built-in source', async () => {
    assert.deepEqual(await refusals(toml('[sources.CI]\ntype = "nats"\nurl = "nats://n:4222"\n')), [
      `invalid source name "CI" in [sources.CI] in ${configPath}: expected lowercase letters, digits, _ and -`,
    ])
    assert.deepEqual(await refusals(toml('[sinks."a.b"]\ntype = "stdout"\n')), [
      `invalid sink name "a.b" in [sinks.a.b] in ${configPath}: expected lowercase letters, digits, _ and -`,
    ])
    assert.deepEqual(await refusals(toml('[sources.udp]\ntype = "nats"\nurl = "nats://n:4222"\n')), [
      `invalid source name "udp" in [sources.udp] in ${configPath}: it is the collector's own UDP source (its port is udp_port): expected another name`,
    ])
  })

  test('sections that are not tables, and variables of no known shape', async () => {
    assert.deepEqual(await refusals(toml('sources = "nats"\n')), [`invalid sources in ${configPath}: expected tables like [sources.NAME]`])
    assert.deepEqual(await refusals({ env: { UPTO__SOURCES__CI: 'nats' } }), [
      'invalid variable UPTO__SOURCES__CI: expected UPTO__KEY, UPTO__SOURCES__NAME__KEY or UPTO__SINKS__NAME__KEY',
    ])
  })

  test('secrets are never shown, nor the values of unknown keys that look like one, nor passwords in URLs', async () => {
    assert.deepEqual(await refusals(toml('tokn = "s3cret-s3cret-s3cret"\nread_token = 12\nstore = "not a url, s3cret"\n')), [
      `unknown key tokn in ${configPath}: expected a key of the collector (did you mean "token"?)`,
      `invalid read_token in ${configPath}: expected a string`,
      `invalid store "not a url, s3cret" in ${configPath}: expected a URL like postgres://user@db.internal:5432/upto (a LevelDB folder goes in --data)`,
    ])
    assert.deepEqual(await refusals({ flags: { store: 'mysql://me:s3cret@db/upto', token: 'short' } }), [
      'invalid --store "mysql://me:***@db/upto": expected a URL like postgres://user@db.internal:5432/upto (a LevelDB folder goes in --data)',
      'invalid --token: 5 characters is too short: expected at least 16, like the output of openssl rand -hex 32',
    ])
  })

  test('data and store from one layer are refused', async () => {
    assert.deepEqual(await refusals(toml('data = "/srv/upto"\nstore = "postgres://db/upto"\n')), [
      `give data (a LevelDB folder) or store (a postgres:// URL), not both in ${configPath}`,
    ])
  })
})

describe('upto serve refuses a configuration', () => {
  let dir: string
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'upto-config-'))))
  after(() => rm(dir, { recursive: true, force: true }))

  test('with exit 2 and every problem, one a line', async () => {
    const file = join(dir, 'upto.toml')
    await writeFile(file, 'max_stream = 5\nretain = "30x"\n\n[sources.ci]\ntype = "kafka"\n')
    const io = captureIo(['serve', '--config', file, '--port', '0'], { HOME: dir })
    assert.equal(await run(io), 2)
    assert.equal(
      io.stderr,
      'upto: 4 problems in the configuration:\n' +
        `  unknown key max_stream = 5 in ${file}: expected a key of the collector (did you mean "max_streams"?)\n` +
        `  invalid retain "30x" in ${file}: expected a duration like 30d, 12h or 2w\n` +
        '  invalid --port "0": expected a port number from 1 to 65535\n' +
        `  unknown source type "kafka" at sources.ci.type in ${file}: expected one of udp, nats, webhook, folder, agent\n`,
    )
  })

  test('a --config file that does not exist, or is not TOML', async () => {
    const missing = captureIo(['serve', '--config', join(dir, 'none.toml')], { HOME: dir })
    assert.equal(await run(missing), 2)
    assert.equal(missing.stderr, `upto: cannot read --config ${join(dir, 'none.toml')} (ENOENT): expected a TOML file like upto.toml\n`)
    const broken = join(dir, 'broken.toml')
    await writeFile(broken, 'port = 8123\nhost = "0.0.0.0')
    const io = captureIo(['config', '--config', broken], { HOME: dir })
    assert.equal(await run(io), 2)
    assert.equal(io.stderr, `upto: invalid TOML in ${broken} at line 2, column 8: unfinished string\n`)
  })
})
