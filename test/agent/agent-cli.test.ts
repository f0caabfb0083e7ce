// upto agent's command line: help that says what it does, errors that say what was wrong and what was expected,
// and a relay that starts and stops in-process with the signal the CLI is given.

import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { run } from '../../src/program.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { freePort } from '../helpers/collector-process.ts'

async function agent(args: string[], env: Record<string, string> = {}) {
  const io = captureIo(['agent', ...args], env)
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

test('--help says how to relay, how to be pulled, and how to sit beside a service', async () => {
  const { code, out } = await agent(['--help'])
  assert.equal(code, 0)
  for (const flag of ['--collector', '--serve', '--token', '--buffer-size', '--name', '--type', '--every', '--mqtt', '--relay']) assert.match(out, new RegExp(flag))
  assert.match(out, /upto agent --name api --type Web --every 60s --mqtt/)
})

const wrong: Array<[string[], RegExp]> = [
  [[], /needs somewhere to send: --collector URL .* or --serve HOST:PORT/],
  [['--collector', 'collector:8123'], /invalid --collector "collector:8123": expected an http:\/\/ or https:\/\/ URL/],
  [['--collector', 'http://c', '--serve', ':8124'], /one way out of the buffer/],
  [['--serve', 'nowhere:x'], /invalid --serve "nowhere:x"/],
  [['--collector', 'http://c', '--port', '70000'], /invalid --port "70000": expected a port number from 0 to 65535/],
  [['--collector', 'http://c', '--buffer-size', 'lots'], /invalid --buffer-size "lots": expected a size of 64KiB or more/],
  [['--collector', 'http://c', '--retry-max', 'soon'], /invalid --retry-max "soon": expected a duration like 500ms, 30s or 5m/],
  [['--collector', 'http://c', '--id', 'a b'], /invalid --id "a b": expected 1 to 64 letters/],
  [['--name', 'api'], /--name api: expected --mqtt URL .* or --collector URL/],
  [['--name', 'api', '--mqtt', 'broker'], /invalid --mqtt "broker": expected the broker's URL/],
  [['--name', 'a/b', '--mqtt', 'mqtt://x'], /invalid --name "a\/b"/],
  [['--type', 'Web', '--collector', 'http://c'], /--type is for an agent beside a service: expected --name NAME too/],
  [['--name', 'api', '--mqtt', 'mqtt://x', '--every', '0s'], /invalid --every "0s"/],
]

for (const [args, message] of wrong) {
  test(`upto agent ${args.join(' ')}: a usage error that says what was expected`, async () => {
    const data = mkdtempSync(join(tmpdir(), 'upto-agent-cli-'))
    const { code, err } = await agent([...args, '--data', data])
    assert.equal(code, 2)
    assert.match(err, message)
  })
}

test('an agent whose data folder another live agent holds refuses to start', async () => {
  const data = mkdtempSync(join(tmpdir(), 'upto-agent-cli-'))
  writeFileSync(join(data, 'lock'), String(process.pid === 1 ? 2 : 1)) // pid 1 is always alive
  const { code, err } = await agent(['--collector', 'http://127.0.0.1:9', '--data', data, '--port', '0'])
  assert.equal(code, 1)
  assert.match(err, /in use by another upto agent \(process 1\): give each agent its own --data/)
})

test('a UDP port in use is said with what to do', async () => {
  const port = await freePort()
  const { createSocket } = await import('node:dgram')
  const holder = createSocket('udp4')
  await new Promise<void>((resolve) => holder.bind(port, '127.0.0.1', resolve))
  try {
    const { code, err } = await agent(['--collector', 'http://127.0.0.1:9', '--data', mkdtempSync(join(tmpdir(), 'upto-agent-cli-')), '--port', String(port)])
    assert.equal(code, 1)
    assert.match(err, new RegExp(`agent udp port ${port} on 127.0.0.1 is already in use .*: pass --port`))
  } finally {
    holder.close()
  }
})
