// UDP while the biggest pages are drawn: a collector holding 100,000 contexts and a 200,000-event timeline
// takes UDP at half its zero-loss rate (udp-ingest's, from the same run) while `/` and the 200,000-event
// Gantt page are fetched one after the other in a loop; the floor is the same rate with nothing fetched.
// Target: nothing lost. Also the longest the collector's event loop was held, alone with the page and under
// both (its monitorEventLoopDelay, 1 ms resolution).
//
//   node --import tsx scripts/bench/udp-under-pages.ts     (UPTO_BENCH_UDP_RATE: the zero-loss rate to halve)

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIG_CONTEXT, BIG_TIMELINE, fillBusyStore } from './lib/busy-store.ts'
import { startChild } from './lib/children.ts'
import { startCollectorChild } from './lib/collector.ts'
import { count, mb, ms, perSecond, table } from './lib/format.ts'
import { type Check, emit } from './lib/report.ts'

const CONTEXTS = 100_000
const EVENTS = 200_000
const SECONDS = 8
const TRIES = 2
/** udp-ingest's last full run measured 150,000 events/s: its half when run alone. */
const zeroLoss = Number(process.env.UPTO_BENCH_UDP_RATE ?? 150_000)
const rate = Math.round(zeroLoss / 2)
const log = (line: string) => process.stderr.write(`udp-under-pages: ${line}\n`)

const data = await mkdtemp(join(tmpdir(), 'upto-bench-busy-'))
const t0 = performance.now()
const { messages } = await fillBusyStore(data, CONTEXTS, EVENTS)
const fillSeconds = (performance.now() - t0) / 1000
log(`filled in ${fillSeconds.toFixed(0)} s`)

const collector = await startCollectorChild({ data })
const { child: sender } = await startChild('lib/udp-sender')
const base = `http://127.0.0.1:${collector.httpPort}`
const pagePath = `/c/${BIG_CONTEXT}/${BIG_TIMELINE}`
const delay = () => collector.child.call<{ max: number; p99: number; mean: number }>({ cmd: 'delay' })

interface Fetched {
  path: string
  ms: number
  bytes: number
}

async function fetchWhole(path: string): Promise<Fetched> {
  const t = performance.now()
  const res = await fetch(`${base}${path}`)
  const body = await res.arrayBuffer()
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`)
  return { path, ms: performance.now() - t, bytes: body.byteLength }
}

// the page alone, twice (the first warms up): how long it takes, and the longest hold of the event loop
await fetchWhole(pagePath)
await delay()
const alone = await fetchWhole(pagePath)
const aloneDelay = await delay()
const rss = collector.rss()
log(`page alone: ${ms(alone.ms)}, ${mb(alone.bytes)}, longest block ${ms(aloneDelay.max)}`)

interface Trial {
  kind: 'quiet' | 'busy'
  sent: number
  achieved: number
  lost: number
  pages: Fetched[]
  maxDelay: number
}

async function trial(kind: Trial['kind'], n: number): Promise<Trial> {
  const before = (await collector.settle()).received
  await delay()
  let sending = true
  const pages: Fetched[] = []
  const loop = (async () => {
    if (kind === 'quiet') return
    while (sending) {
      pages.push(await fetchWhole('/'))
      if (!sending) break
      pages.push(await fetchWhole(pagePath))
    }
  })()
  const sent = await sender.call<{ sent: number; seconds: number }>({
    cmd: 'send', port: collector.udpPort, rate, seconds: SECONDS, context: 'bench-udp', timeline: `${kind}-${n}`,
  })
  const maxDelay = (await delay()).max
  sending = false
  await loop
  const arrived = (await collector.settle()).received - before
  const t: Trial = { kind, sent: sent.sent, achieved: sent.sent / sent.seconds, lost: sent.sent - arrived, pages, maxDelay }
  log(`${kind} ${n}: sent ${t.sent} at ${Math.round(t.achieved)}/s, lost ${t.lost}, ${pages.length} pages, longest block ${ms(maxDelay)}`)
  return t
}

const trials: Trial[] = []
for (let i = 1; i <= TRIES; i++) {
  trials.push(await trial('quiet', i))
  trials.push(await trial('busy', i))
}
await sender.stop()
await collector.stop()
await rm(data, { recursive: true, force: true })

const quiet = trials.filter((t) => t.kind === 'quiet')
const busy = trials.filter((t) => t.kind === 'busy')
const lostBusy = Math.min(...busy.map((t) => t.lost))
const lostQuiet = Math.min(...quiet.map((t) => t.lost))
const bigPages = busy.flatMap((t) => t.pages.filter((p) => p.path === pagePath))
const homePages = busy.flatMap((t) => t.pages.filter((p) => p.path === '/'))
const busyDelay = Math.max(...busy.map((t) => t.maxDelay))
const checks: Check[] = [
  {
    scenario: `UDP at half the zero-loss rate while \`/\` of ${count(CONTEXTS)} contexts and a ${count(EVENTS)}-event page are fetched in a loop`,
    measured: `${count(lostBusy)} lost`,
    floor: `${count(lostQuiet)} lost (the same rate, nothing fetched)`,
    target: '0 lost',
    met: lostBusy === 0,
  },
  {
    scenario: `longest event-loop block while a ${count(EVENTS)}-event page is drawn`,
    measured: ms(aloneDelay.max),
    floor: '—',
    target: '≤ 20 ms',
    met: aloneDelay.max <= 20,
  },
]
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

emit({
  id: 'udp-under-pages',
  title: 'UDP while the biggest pages are drawn',
  checks,
  body: `
A LevelDB collector (its own process) holding ${count(CONTEXTS)} contexts of one run each and a ${count(EVENTS)}-event timeline
(\`scripts/bench/lib/timeline-data.ts\`, ${count(messages)} messages; filled in ${fillSeconds.toFixed(0)} s). The sender of udp-ingest sends at
${perSecond(rate)} — half of ${perSecond(zeroLoss)}, ${process.env.UPTO_BENCH_UDP_RATE ? "udp-ingest's zero-loss rate in this run" : "the zero-loss rate udp-ingest measured last (run alone: UPTO_BENCH_UDP_RATE unset)"} — for ${SECONDS} s a try.
**Busy**: meanwhile this process fetches \`/\` and \`${pagePath}\` one after the other, each whole, until the sender is done.
**Quiet** (the floor): the same rate, nothing fetched. ${TRIES} tries of each, taking turns; the fewest lost counts.
The collector's event loop is watched by \`monitorEventLoopDelay\` with a 1 ms timer: the histogram holds the times between
two of its ticks, so its longest is the longest the thread was held (UDP reads and garbage collection included) to within
a millisecond. (With the 5 ms timer of earlier runs, a block read as up to 5 ms longer than it was.)

${table(['try', 'sender reached', 'sent', 'lost', 'pages fetched', 'longest event-loop block'], trials.map((t, i) => [
  `${t.kind} ${Math.floor(i / 2) + 1}`, perSecond(t.achieved), count(t.sent), count(t.lost), count(t.pages.length), ms(t.maxDelay),
]))}

| the page | |
| --- | --- |
| \`GET ${pagePath}\` alone, whole | ${ms(alone.ms)}, ${mb(alone.bytes)} |
| longest event-loop block while it is drawn (alone) | ${ms(aloneDelay.max)} (p99 ${ms(aloneDelay.p99)}) |
| the same under UDP, busy tries | ${ms(busyDelay)} |
| \`GET ${pagePath}\` under UDP, median | ${bigPages.length > 0 ? ms(median(bigPages.map((p) => p.ms))) : '—'} (${count(bigPages.length)} fetched) |
| \`GET /\` under UDP, median | ${homePages.length > 0 ? ms(median(homePages.map((p) => p.ms))) : '—'} (${count(homePages.length)} fetched) |
| collector RSS after the page | ${mb(rss)} |

Lost under the pages: **${count(lostBusy)}** (target 0): **${lostBusy === 0 ? 'met' : 'missed'}**; longest block while the page is
drawn: **${ms(aloneDelay.max)}** (target ≤ 20 ms): **${aloneDelay.max <= 20 ? 'met' : 'missed'}**.
`,
})
