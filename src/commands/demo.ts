// upto demo: realistic runs in a collector, so a newcomer sees charts within seconds. Uses the collector
// that answers at the client's address, or starts one there on a temporary folder (removed on exit),
// feeds it past runs of a CI pipeline, a deployment and a packer build, prints the pages to open, and
// plays one deployment live (unless --no-live).

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type Destination, httpBase, resolveDestination } from '../cli/destination.ts'
import { CliError } from '../cli/errors.ts'
import type { Io } from '../cli/io.ts'
import { describe } from '../cli/send.ts'
import { type DemoEvent, type DemoRun, demoRuns, liveDeploy } from './demo-runs.ts'

export interface DemoOptions {
  remotehost?: string
  remoteport?: string
  /** commander's --no-live. */
  live?: boolean
}

export async function demo(io: Io, options: DemoOptions): Promise<void> {
  const to = resolveDestination(options, io.env)
  const base = httpBase(to)
  // A collector started with --token or --read-token wants them: the same variables as the other commands.
  const write = bearer(io.env.UPTO_TOKEN)
  const read = bearer(io.env.UPTO_READ_TOKEN || io.env.UPTO_TOKEN)
  const probe = await answers(base, '/api/', read)
  if (probe === 401) throw new CliError(`the collector at ${base} needs a token to read: set UPTO_READ_TOKEN (or UPTO_TOKEN)`)
  const own = probe === 200 ? undefined : await startOwn(io, to)
  const stop = own ? io.stopSignal() : undefined
  try {
    const runs = demoRuns(io.now())
    // The runs have fixed ids: sent twice, their steps would show as retries.
    const first = `/api/contexts/${encodeURIComponent(runs[0]!.context)}/${encodeURIComponent(runs[0]!.timeline)}`
    const loaded = (await answers(base, first, read)) === 200
    if (!loaded) for (const run of runs) await post(base, run.events, write)
    const live = options.live === false ? undefined : liveDeploy(io.now() + 1_000)
    io.out(own ? `upto demo: started a collector at ${base}/ (data in ${own.dir}, removed when you stop it)\n` : `upto demo: sent to the collector at ${base}/\n`)
    const contexts = new Set(runs.map((r) => r.context)).size
    io.out(`${runs.length} runs in ${contexts} contexts${loaded ? ' (already there: not sent again)' : ''}. Open:\n\n`)
    for (const [url, about] of pages(base, runs, live)) io.out(`  ${url.padEnd(base.length + 38)}  ${about}\n`)
    io.out('\n')
    if (live) {
      io.out(own ? 'Playing the live deployment; Ctrl-C stops the demo collector.\n' : 'Playing the live deployment (about 45 s)...\n')
      const played = play(base, live.events, io.now, write)
      if (stop) await Promise.race([played, stop])
      else await played
    }
    if (stop) {
      if (!live) io.out('Ctrl-C stops the demo collector.\n')
      await stop
    }
  } finally {
    if (own) {
      await own.collector.close()
      await rm(own.dir, { recursive: true, force: true })
    }
  }
}

/** The HTTP status of a GET, or 0 when nothing answers. */
async function answers(base: string, path: string, headers: Record<string, string>): Promise<number> {
  try {
    return (await fetch(base + path, { headers, signal: AbortSignal.timeout(1_000) })).status
  } catch {
    return 0
  }
}

function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {}
}

async function startOwn(io: Io, to: Destination) {
  const { startCollector } = await import('../server/collector.ts')
  const dir = await mkdtemp(join(tmpdir(), 'upto-demo-'))
  try {
    // Only warnings and errors: the demo prints its own lines.
    const log = (line: string) => (/^\S+ info /.test(line) ? undefined : io.err(`${line}\n`))
    const collector = await startCollector({ host: to.host, port: to.port, data: dir, log })
    return { collector, dir }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    const code = (error as { code?: string }).code
    if (code === 'EADDRINUSE') throw new CliError(`nothing answers HTTP at ${httpBase(to)}/ but port ${to.port} is taken: pass --rp PORT`)
    throw error
  }
}

async function post(base: string, events: readonly DemoEvent[], auth: Record<string, string>): Promise<void> {
  let response: Response
  try {
    response = await fetch(`${base}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(events),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new CliError(`could not send the demo runs to ${base}/api/events: ${describe(error)}`)
  }
  if (response.status === 401) throw new CliError(`the collector at ${base} needs a token to write: set UPTO_TOKEN`)
  if (!response.ok) throw new CliError(`the collector at ${base} refused the demo runs (HTTP ${response.status}): ${await response.text()}`)
}

/** Sends each event when its time comes. */
async function play(base: string, events: readonly DemoEvent[], now: () => number, auth: Record<string, string>): Promise<void> {
  const ordered = [...events].sort((a, b) => a.time - b.time)
  for (let i = 0; i < ordered.length; ) {
    const due = ordered[i]!.time
    await sleep(Math.max(0, due - now()))
    const batch: DemoEvent[] = []
    while (i < ordered.length && ordered[i]!.time <= Math.max(due, now())) batch.push(ordered[i++]!)
    await post(base, batch, auth)
  }
}

/** The pages worth opening: the list, then the most telling run of each context. */
function pages(base: string, runs: readonly DemoRun[], live: DemoRun | undefined): Array<[string, string]> {
  const enc = encodeURIComponent
  const out: Array<[string, string]> = [[`${base}/`, 'every context, with recent durations']]
  const pick = (context: string, word: string) => runs.find((r) => r.context === context && r.about.includes(word))
  const picks = [pick('ci', 'flaky'), pick('deploy-web', 'slow'), pick('packer-base-image', 'slow')]
  for (const run of picks) if (run) out.push([`${base}/c/${enc(run.context)}/${enc(run.timeline)}`, run.about])
  if (live) out.push([`${base}/c/${enc(live.context)}/latest`, `${live.about} (live: keep it open)`])
  return out
}
