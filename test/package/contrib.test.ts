// contrib/: the systemd unit, and the shell functions for a host with bash and no upto.

import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { eventually, root, startCollectorProcess, type CollectorProcess } from '../helpers/collector-process.ts'
import { needs } from '../helpers/needs.ts'

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
const dir = mkdtempSync(join(tmpdir(), 'upto-contrib-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('contrib/upto.service', { skip: needs('systemd-analyze', has('systemd-analyze'), 'apt-get install systemd') }, () => {
  test('passes systemd-analyze verify, with upto where ExecStart expects it', () => {
    const unit = readFileSync(join(root, 'contrib', 'upto.service'), 'utf8')
    assert.match(unit, /^ExecStart=\/usr\/local\/bin\/upto serve --data \/var\/lib\/upto /m)
    for (const setting of ['User=upto', 'Restart=on-failure', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/upto', 'PrivateTmp=yes']) {
      assert.ok(unit.split('\n').some((line) => line.startsWith(setting)), setting)
    }
    const copy = join(dir, 'upto.service')
    writeFileSync(copy, unit.replaceAll('/usr/local/bin/upto', join(root, 'bin', 'upto')))
    const verified = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' })
    assert.equal(verified.status, 0, verified.stderr)
    assert.equal(verified.stderr, '', 'no setting it cannot read')
  })
})

function bash(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('bash', ['--norc', '-c', `source "${join(root, 'contrib', 'upto.sh')}"\n${script}`], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
      (error, _out, err) => (error ? reject(error) : resolve(err))),
  )
}

type Row = { Name: string; Host: string; status: string; message: string | null; attrs: Record<string, string>; state: string }
async function rows(port: number, context: string): Promise<Row[]> {
  return eventually(async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/contexts/${context}/r1`)
    if (!response.ok) return undefined
    const events = ((await response.json()) as { Events: Row[] }).Events.filter((e) => e.state !== 'implied')
    return events.length === 3 && events.every((e) => e.state === 'done') ? events : undefined
  })
}

const script = (context: string) => `
upto_new ${context} timeline=r1
upto_start ${context} db.migrate host=web1
upto_end ${context} db.migrate host=web1 status=error message="lock \\"users\\" timed out
after 5s" table=users
upto_mark ${context} "released now"
upto_start ${context} app
upto_end ${context} app
`

describe('contrib/upto.sh', () => {
  let open: CollectorProcess
  let signed: CollectorProcess
  before(async () => {
    open = await startCollectorProcess(join(dir, 'open'))
    signed = await startCollectorProcess(join(dir, 'signed'), undefined, { args: ['--udp-key', 'k3y-of-at-least-16-bytes'] })
  })
  after(async () => {
    await open.stop()
    await signed.stop()
  })

  test('sends start, end, mark and new as text lines, words quoted as needed', async () => {
    assert.equal(await bash(script('sh-plain'), { UPTO_SERVER: `127.0.0.1:${open.port}` }), '')
    const events = await rows(open.port, 'sh-plain')
    const migrate = events.find((e) => e.Name === 'db.migrate')
    assert.deepEqual(
      { host: migrate?.Host, status: migrate?.status, message: migrate?.message, attrs: migrate?.attrs },
      { host: 'web1', status: 'error', message: 'lock "users" timed out\nafter 5s', attrs: { table: 'users' } },
    )
    assert.ok(events.some((e) => e.Name === 'released now'))
  })

  test('signs each line with UPTO_UDP_KEY, which a collector with --udp-key accepts', { skip: needs('openssl', has('openssl'), 'apt-get install openssl') }, async () => {
    await bash(script('sh-signed'), { UPTO_SERVER: `127.0.0.1:${signed.port}`, UPTO_UDP_KEY: 'k3y-of-at-least-16-bytes' })
    assert.equal((await rows(signed.port, 'sh-signed')).length, 3)
    await bash(script('sh-unsigned'), { UPTO_SERVER: `127.0.0.1:${signed.port}` })
    await bash(script('sh-wrong-key'), { UPTO_SERVER: `127.0.0.1:${signed.port}`, UPTO_UDP_KEY: 'other' })
    let last = ""
    const metrics = await eventually(async () => {
      const text = await (await fetch(`http://127.0.0.1:${signed.port}/metrics`)).text()
      return /reason="unsigned"} 6$/m.test(text) && /reason="bad_signature"} 6$/m.test(text) ? text : (last = text, undefined)
    })
    assert.ok(metrics, last)
    assert.equal((await fetch(`http://127.0.0.1:${signed.port}/api/contexts/sh-unsigned`)).status, 404)
  })

  test('never fails the script: a call missing its name warns and returns 0', async () => {
    const err = await bash('upto_start deploy; upto_mark; upto_new; echo went-on >&2', { UPTO_SERVER: `127.0.0.1:${open.port}` })
    assert.equal(err, 'upto: upto_start needs a CONTEXT and a NAME, like upto_start deploy db.migrate\n' +
      'upto: upto_mark needs a CONTEXT and a NAME, like upto_mark deploy db.migrate\nupto: upto_new needs a CONTEXT, like upto_new deploy\nwent-on\n')
  })
})
