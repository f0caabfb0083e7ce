import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, test } from 'node:test'
import { demoRuns, liveDeploy } from '../../src/commands/demo-runs.ts'
import { run } from '../../src/program.ts'
import { startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'
import { bin, eventually, freePort } from '../helpers/collector-process.ts'

const now = Date.now()

async function json(url: string): Promise<any> {
  return (await fetch(url)).json()
}

describe('the demo runs', () => {
  const runs = demoRuns(now)

  test('are several runs of a CI pipeline, a deployment and a packer build, all in the past', () => {
    const count = (context: string) => runs.filter((r) => r.context === context).length
    assert.ok(count('ci') >= 5 && count('deploy-web') >= 4 && count('packer-base-image') >= 3)
    for (const r of runs) for (const e of r.events) assert.ok(e.time < now, `${r.timeline} ${e.name} is in the past`)
  })

  test('make one run of each context clearly slower than the usual', () => {
    for (const context of ['ci', 'deploy-web', 'packer-base-image']) {
      const lengths = runs.filter((r) => r.context === context && !r.about.includes('failed')).map((r) => {
        const times = r.events.map((e) => e.time)
        return Math.max(...times) - Math.min(...times)
      })
      const sorted = [...lengths].sort((a, b) => a - b)
      const median = sorted[Math.floor(sorted.length / 2)]!
      assert.ok(sorted[sorted.length - 1]! > 1.4 * median, `${context}: ${sorted.join(', ')}`)
    }
  })

  test('hold parallel tests with one flaky retry, three hosts, an orphan end and an abandoned attempt', () => {
    const flaky = runs.find((r) => r.about.includes('flaky'))!
    assert.equal(flaky.events.filter((e) => e.name === 'test.e2e' && e.type === 'start').length, 2)
    assert.deepEqual(
      [...new Set(flaky.events.filter((e) => e.name.startsWith('test.')).map((e) => e.host))].sort(),
      ['runner-1', 'runner-2', 'runner-3'],
    )
    const deployHosts = new Set(runs.filter((r) => r.context === 'deploy-web').flatMap((r) => r.events.map((e) => e.host)))
    for (const host of ['web-1', 'web-2', 'web-3']) assert.ok(deployHosts.has(host))
    const ends = runs.flatMap((r) => r.events).filter((e) => e.name === 'cache.purge')
    assert.deepEqual(ends.map((e) => e.type), ['end'], 'an end without its start')
    const packer = runs.find((r) => r.about.includes('abandoned'))!
    const upgrade = packer.events.filter((e) => e.name === 'provision.shell.apt-upgrade' && e.host === 'amazon-ebs.eu-west-1')
    assert.deepEqual(upgrade.map((e) => e.type), ['start', 'start', 'end'])
  })

  test('play a live deployment of about three quarters of a minute', () => {
    const live = liveDeploy(now)
    const times = live.events.map((e) => e.time)
    const length = Math.max(...times) - Math.min(...times)
    assert.ok(length > 20_000 && length < 90_000, `${length} ms`)
  })
})

describe('upto demo', () => {
  test('feeds the collector that answers, and prints the pages to open', async () => {
    const collector = await startCollector({ port: 0, store: createMemoryStore(), log: () => {} })
    try {
      const base = `http://127.0.0.1:${collector.httpPort}`
      const io = captureIo(['demo', '--rp', String(collector.httpPort), '--no-live'], {}, now)
      assert.equal(await run(io), 0, io.stderr)
      assert.match(io.stdout, new RegExp(`sent to the collector at ${base}/`))
      assert.match(io.stdout, new RegExp(`${base}/c/ci/build-\\d+ +a CI pipeline with a flaky e2e retry`))
      const contexts = (await json(`${base}/api/contexts`)).contexts.map((c: any) => [c.name, c.timelines])
      assert.deepEqual(contexts, [['ci', 8], ['deploy-web', 5], ['packer-base-image', 4]])
      const e2e = (await json(`${base}/api/contexts/ci/latest`)).Events.filter((e: any) => e.Name === 'test.e2e')
      assert.deepEqual(e2e.map((e: any) => [e.attempt, e.status]), [[1, 'error'], [2, 'ok']])
    } finally {
      await collector.close()
    }
  })

  test('run twice against one collector, sends its past runs only once', async () => {
    const collector = await startCollector({ port: 0, store: createMemoryStore(), log: () => {} })
    try {
      const base = `http://127.0.0.1:${collector.httpPort}`
      const argv = ['demo', '--rp', String(collector.httpPort), '--no-live']
      assert.equal(await run(captureIo(argv, {}, now)), 0)
      const again = captureIo(argv, {}, now + 60_000)
      assert.equal(await run(again), 0, again.stderr)
      assert.match(again.stdout, /already there: not sent again/)
      const e2e = (await json(`${base}/api/contexts/ci/latest`)).Events.filter((e: any) => e.Name === 'test.e2e')
      assert.equal(e2e.length, 2, 'the flaky step still has its two attempts, not four')
    } finally {
      await collector.close()
    }
  })

  test('sends UPTO_TOKEN to a collector that wants a token, and says so when it has none', async () => {
    const token = 'demo-token-0123456789'
    const collector = await startCollector({ port: 0, store: createMemoryStore(), log: () => {}, token })
    try {
      const argv = ['demo', '--rp', String(collector.httpPort), '--no-live']
      const without = captureIo(argv, {}, now)
      assert.equal(await run(without), 1)
      assert.match(without.stderr, /needs a token to write: set UPTO_TOKEN/)
      const io = captureIo(argv, { UPTO_TOKEN: token }, now)
      assert.equal(await run(io), 0, io.stderr)
      assert.match(io.stdout, /sent to the collector/)
    } finally {
      await collector.close()
    }
  })

  test('starts a collector on a temporary folder when none answers, and removes it when stopped', async () => {
    const port = await freePort()
    let stop!: (signal: string) => void
    const io = captureIo(['demo', '--rp', String(port), '--no-live'], {}, now)
    io.stopSignal = () => new Promise((resolve) => (stop = resolve))
    const done = run(io)
    const page = await eventually(async () => (io.stdout.includes('Ctrl-C') ? io.stdout : undefined))
    const dir = /data in (\S+), removed/.exec(page)?.[1] ?? ''
    assert.ok(existsSync(dir), dir)
    const html = await (await fetch(`http://127.0.0.1:${port}/c/deploy-web/latest`)).text()
    assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="upto-gantt"/)
    stop('SIGINT')
    assert.equal(await done, 0, io.stderr)
    assert.equal(existsSync(dir), false, 'the temporary folder is gone')
  })

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    test(`as built, removes its temporary folder on ${signal} too`, async () => {
      const port = await freePort()
      const child = spawn(process.execPath, [bin, 'demo', '--rp', String(port), '--no-live'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk))
      child.stderr.on('data', (chunk: Buffer) => (out += chunk))
      const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
      await eventually(async () => (out.includes('Ctrl-C') ? true : undefined), 15_000)
      const dir = /data in (\S+), removed/.exec(out)?.[1] ?? ''
      assert.ok(existsSync(dir), out)
      child.kill(signal)
      assert.equal(await exited, 0, out)
      assert.equal(existsSync(dir), false, 'the temporary folder is gone')
    })
  }

  test('as built, serves the pages script inlined in dist/', async () => {
    const port = await freePort()
    const child = spawn(process.execPath, [bin, 'demo', '--rp', String(port), '--no-live'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      await eventually(async () => (out.includes('Ctrl-C') ? true : undefined), 15_000)
      const res = await fetch(`http://127.0.0.1:${port}/assets/upto.js`)
      assert.equal(res.status, 200)
      assert.match(await res.text(), /upto-gantt/)
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  })
})
