// `upto deployments` and `upto dora`: tables of the collector's /api/deployments and /api/dora answers.

import { formatDuration } from '../../core/format.ts'
import { httpBase, resolveDestination } from '../../cli/destination.ts'
import { CliError, usageError } from '../../cli/errors.ts'
import { fetchHead } from '../../cli/http-reader.ts'
import { type Io, wantsColor } from '../../cli/io.ts'
import { renderTable } from '../../render/table.ts'
import { clean } from '../../render/terminal-text.ts'
import { makeTheme } from '../../render/terminal-theme.ts'

interface Options {
  remotehost?: string
  remoteport?: string
  timeout?: string
  json?: boolean
  env?: string
  service?: string
  days?: string
}

interface ApiRunning {
  service: string
  environment: string
  artifactId: string
  since: string
  kind: string
  history: Array<{ kind: string; artifactId: string | null; at: string }>
}

interface ApiFigures {
  service: string
  environment: string
  deployments: number
  deploymentsPerDay: number
  leadTime: { count: number; medianMs: number } | null
  failedDeployments: number
  changeFailureRate: number | null
  timeToRestore: { count: number; medianMs: number } | null
}

async function getJson<T>(io: Io, options: Options, path: string): Promise<T> {
  const base = httpBase(resolveDestination(options, io.env))
  const seconds = options.timeout === undefined ? 5 : Number(options.timeout)
  const token = io.env.UPTO_READ_TOKEN || io.env.UPTO_TOKEN
  const response = await fetchHead(`${base}${path}`, seconds * 1_000, { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) })
  const body = await response.json().catch(() => undefined) as (T & { detail?: string }) | undefined
  if (!response.ok || body === undefined) {
    throw new CliError(`the collector at ${base} did not answer ${path}: ${body?.detail ?? `HTTP ${response.status}`} (is it an upto collector with the cdevents facet?)`)
  }
  return body
}

function queryOf(options: Options, days: boolean): string {
  const q = new URLSearchParams()
  if (options.env !== undefined) q.set('env', options.env)
  if (options.service !== undefined) q.set('service', options.service)
  if (days && options.days !== undefined) {
    const n = Number(options.days)
    if (!Number.isFinite(n) || n <= 0) throw usageError(`--days ${options.days}: expected a number of days above 0`)
    q.set('days', String(n))
  }
  const s = q.toString()
  return s === '' ? '' : `?${s}`
}

const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')

export async function deploymentsCommand(io: Io, options: Options): Promise<void> {
  const answer = await getJson<{ deployments: ApiRunning[] }>(io, options, `/api/deployments${queryOf(options, false)}`)
  if (options.json) {
    io.out(`${JSON.stringify(answer, null, 2)}\n`)
    return
  }
  if (answer.deployments.length === 0) {
    io.out('no service deployed yet\n')
    return
  }
  const theme = makeTheme(wantsColor(io))
  const rows = answer.deployments.map((r) => [
    { text: clean(r.environment) }, { text: clean(r.service) }, { text: clean(r.artifactId) },
    { text: when(r.since) }, { text: r.kind }, { text: String(r.history.length) },
  ])
  const columns = [{ title: 'ENVIRONMENT' }, { title: 'SERVICE' }, { title: 'VERSION', flex: true }, { title: 'SINCE' }, { title: 'HOW' }, { title: 'DEPLOYS' }]
  for (const line of renderTable(columns, rows, io.columns, theme).lines) io.out(`${line}\n`)
}

export async function doraCommand(io: Io, options: Options): Promise<void> {
  const answer = await getJson<{ window: { from: string; to: string; days: number }; figures: ApiFigures[] }>(io, options, `/api/dora${queryOf(options, true)}`)
  if (options.json) {
    io.out(`${JSON.stringify(answer, null, 2)}\n`)
    return
  }
  io.out(`DORA over the last ${answer.window.days} days (${when(answer.window.from)} → ${when(answer.window.to)})\n\n`)
  if (answer.figures.length === 0) {
    io.out('no deployment in this window\n')
    return
  }
  const theme = makeTheme(wantsColor(io))
  const spread = (s: ApiFigures['leadTime']) => (s === null ? '–' : `${formatDuration(s.medianMs)} (${s.count})`)
  const rows = answer.figures.map((f) => [
    { text: clean(f.environment) }, { text: clean(f.service) },
    { text: `${f.deployments} (${f.deploymentsPerDay.toFixed(2)}/day)` }, { text: spread(f.leadTime) },
    { text: f.changeFailureRate === null ? '–' : `${Math.round(f.changeFailureRate * 100)}% (${f.failedDeployments})` },
    { text: spread(f.timeToRestore) },
  ])
  const columns = [{ title: 'ENVIRONMENT' }, { title: 'SERVICE', flex: true }, { title: 'DEPLOYMENTS' }, { title: 'LEAD TIME' }, { title: 'CHANGE FAILURE' }, { title: 'TIME TO RESTORE' }]
  for (const line of renderTable(columns, rows, io.columns, theme).lines) io.out(`${line}\n`)
}
