// Realistic runs for `upto demo`: a CI pipeline, a deployment across three hosts, a packer-style image
// build — several runs each, one clearly slower, with a flaky retry, a failure, an orphan end and an
// abandoned attempt among them. Pure: the clock and the seed are given, the events are JSON for
// POST /api/events.

export interface DemoEvent {
  type: 'start' | 'end' | 'mark'
  context: string
  timeline: string
  name: string
  host: string
  /** Unix ms. */
  time: number
  status?: string
  message?: string
  attrs?: Record<string, string>
}

export interface DemoRun {
  context: string
  timeline: string
  /** What the run shows, for the printed list of URLs. */
  about: string
  events: DemoEvent[]
}

type Extra = Pick<DemoEvent, 'status' | 'message' | 'attrs'>

const SECOND = 1_000
const HOUR = 3_600 * SECOND
const DAY = 24 * HOUR

/** A run being written: steps at offsets in seconds from its start. */
class Run {
  readonly events: DemoEvent[] = []
  constructor(readonly context: string, readonly timeline: string, readonly t0: number) {}

  private at(type: DemoEvent['type'], name: string, host: string, s: number, extra: Extra = {}): void {
    this.events.push({ type, context: this.context, timeline: this.timeline, name, host, time: Math.round(this.t0 + s * SECOND), ...extra })
  }

  /** A step from `s` for `d` seconds; returns when it ends. */
  step(name: string, host: string, s: number, d: number, end: Extra = {}, start: Extra = {}): number {
    this.at('start', name, host, s, start)
    this.at('end', name, host, s + d, end)
    return s + d
  }

  start(name: string, host: string, s: number): void {
    this.at('start', name, host, s)
  }

  end(name: string, host: string, s: number, extra: Extra = {}): void {
    this.at('end', name, host, s, extra)
  }

  mark(name: string, host: string, s: number, extra: Extra = {}): void {
    this.at('mark', name, host, s, extra)
  }
}

/** mulberry32: small, seeded, good enough for jitter. */
function random(seed: number): (min: number, max: number) => number {
  let a = seed >>> 0
  return (min, max) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    const x = ((t ^ (t >>> 14)) >>> 0) / 4294967296
    return Math.round((min + x * (max - min)) * 10) / 10
  }
}

/** Every historical run, oldest first within each context (the order to send them in). */
export function demoRuns(now: number, seed = 20261122): DemoRun[] {
  const jitter = random(seed)
  return [...ciRuns(now, jitter), ...deployRuns(now, jitter), ...packerRuns(now, jitter)]
}

function ciRuns(now: number, j: (a: number, b: number) => number): DemoRun[] {
  const runs: DemoRun[] = []
  const count = 8
  for (let i = 0; i < count; i++) {
    const n = 1040 + i
    const slow = i === 3
    const flaky = i === count - 1
    const failing = i === 5
    const r = new Run('ci', `build-${n}`, now - (count - i) * 3 * HOUR - 20 * 60 * SECOND)
    let t = r.step('checkout', 'runner-1', 0, j(3, 5), { attrs: { commit: `3f${n}a1c` } })
    t = r.step('install', 'runner-1', t + 1, slow ? j(190, 210) : j(40, 55), {
      ...(slow ? { message: 'cache miss: downloaded 1.2 GB' } : {}),
      attrs: { cache: slow ? 'miss' : 'hit' },
    })
    const tests = t + j(6, 9) // waiting for runners
    const lint = r.step('test.lint', 'runner-1', tests, j(18, 24))
    const unit = failing
      ? r.step('test.unit', 'runner-2', tests, j(60, 70), { status: 'error', message: '3 tests failed', attrs: { failed: '3' } })
      : r.step('test.unit', 'runner-2', tests, j(62, 80))
    let e2e: number
    if (flaky) {
      const first = r.step('test.e2e', 'runner-3', tests, j(55, 62), { status: 'error', message: 'timeout waiting for #checkout-button' })
      e2e = r.step('test.e2e', 'runner-3', first + 2, j(100, 115), { attrs: { retry: '1' } })
    } else {
      e2e = r.step('test.e2e', 'runner-3', tests, j(100, 120))
    }
    if (failing) {
      runs.push({ context: 'ci', timeline: r.timeline, about: 'a CI pipeline whose unit tests failed', events: r.events })
      continue
    }
    const build = Math.max(lint, unit, e2e) + j(8, 12) // artifacts uploaded between stages
    const compiled = r.step('build.compile', 'runner-1', build, j(24, 30))
    const image = r.step('build.docker', 'runner-1', compiled, j(12, 16), { attrs: { image: `shop:1.4.${n}` } })
    const published = r.step('publish', 'runner-1', image + 1, j(6, 9))
    r.mark('publish.tagged', 'runner-1', published, { attrs: { version: `1.4.${n}` } })
    const about = flaky ? 'a CI pipeline with a flaky e2e retry' : slow ? 'a CI pipeline, slow: cache miss' : 'a CI pipeline'
    runs.push({ context: 'ci', timeline: r.timeline, about, events: r.events })
  }
  return runs
}

const WEB = ['web-1', 'web-2', 'web-3']

/** A deployment across three hosts; also played live by `upto demo` (with `scale` < 1, compressed). */
export function deployRun(timeline: string, t0: number, j: (a: number, b: number) => number, shape: { slow?: boolean; failing?: boolean; orphan?: boolean; scale?: number } = {}): DemoEvent[] {
  const k = shape.scale ?? 1
  const r = new Run('deploy-web', timeline, t0)
  let ready = 0
  for (const host of WEB) ready = Math.max(ready, r.step('prepare.pull-image', host, j(0, 2) * k, j(8, 15) * k, { attrs: { image: `shop:${timeline}` } }))
  let t = r.step('db.migrate', 'db-1', ready + 1 * k, (shape.slow ? j(140, 160) : j(18, 24)) * k, {
    ...(shape.slow ? { message: 'waited 2m for a table lock' } : {}),
    attrs: { migrations: shape.slow ? '7' : '2' },
  })
  for (const host of WEB) {
    t = r.step('rollout.drain', host, t + 1 * k, j(4, 6) * k)
    t = r.step('rollout.restart', host, t, j(10, 14) * k)
    if (shape.failing && host === 'web-2') {
      t = r.step('rollout.health', host, t, j(5, 7) * k, { status: 'error', message: 'HTTP 503 from /healthz' })
      t += 3 * k
    }
    t = r.step('rollout.health', host, t, j(4, 7) * k, { attrs: { checks: '12' } })
  }
  const smoke = r.step('smoke', 'ci-1', t + 2 * k, j(12, 18) * k)
  if (shape.orphan) r.end('cache.purge', 'cdn', smoke + 1 * k, { message: 'its start was lost on the way' })
  r.mark('notify', 'ci-1', smoke + 2 * k, { attrs: { channel: '#deploys' } })
  return r.events
}

function deployRuns(now: number, j: (a: number, b: number) => number): DemoRun[] {
  const versions = ['v2.3.0', 'v2.3.1', 'v2.3.2', 'v2.3.3', 'v2.3.4']
  return versions.map((v, i) => {
    const slow = i === 2
    const failing = i === versions.length - 1
    const events = deployRun(v, now - (versions.length - i) * DAY + 10 * HOUR, j, { slow, failing, orphan: i === 1 })
    const about = slow ? 'a deployment, slow: a migration waited for a lock' : failing ? 'a deployment across three hosts, a health check retried' : 'a deployment across three hosts'
    return { context: 'deploy-web', timeline: v, about, events }
  })
}

const BUILDERS = ['amazon-ebs.eu-west-1', 'amazon-ebs.us-east-1']

function packerRuns(now: number, j: (a: number, b: number) => number): DemoRun[] {
  const runs: DemoRun[] = []
  for (let i = 0; i < 4; i++) {
    const slow = i === 1
    const abandoned = i === 3
    const day = new Date(now - (4 - i) * 7 * DAY).toISOString().slice(0, 10).replace(/-/g, '')
    const r = new Run('packer-base-image', `ami-${day}`, now - (4 - i) * 7 * DAY)
    for (const host of BUILDERS) {
      let t = r.step('source.launch', host, j(0, 3), j(35, 50), { attrs: { instance: 't3.large' } })
      if (abandoned && host === BUILDERS[0]) {
        r.start('provision.shell.apt-upgrade', host, t + 1) // the SSH session dropped: started again
        t += j(25, 30)
      }
      t = r.step('provision.shell.apt-upgrade', host, t + 1, slow ? j(480, 520) : j(80, 100), slow ? { message: 'mirror was slow: 180 KB/s' } : {})
      t = r.step('provision.shell.install-agents', host, t, j(40, 50))
      t = r.step('provision.ansible.hardening', host, t, j(110, 130), { attrs: { tasks: '84', changed: '31' } })
      t = r.step('provision.file.configs', host, t, j(2, 4))
      t = r.step('build.snapshot', host, t + 1, j(160, 200))
      if (host === BUILDERS[1]) r.step('build.copy-regions', host, t, j(90, 110), { attrs: { regions: 'us-west-2,ap-south-1' } })
    }
    const about = slow ? 'a packer image build, slow: apt mirror' : abandoned ? 'a packer image build with an abandoned attempt' : 'a packer image build'
    runs.push({ context: 'packer-base-image', timeline: r.timeline, about, events: r.events })
  }
  return runs
}

/** The deployment `upto demo` plays in real time: about 45 s from its first event. */
export function liveDeploy(start: number, seed = 7): DemoRun {
  const events = deployRun('v2.4.0', start, random(seed), { scale: 0.3 })
  return { context: 'deploy-web', timeline: 'v2.4.0', about: 'a deployment happening now', events }
}
