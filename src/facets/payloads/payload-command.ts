// `upto payload ID`: the statuses in order, then a bar per service (green when its stay ended in success, red in
// error, grey while it is still there), how long each held it, and the total. `upto payloads`: a table of them.
// Both read the collector's payload API (api.ts), so they show what any payload-tracker client sees.

import { parseDuration } from '../../core/duration.ts'
import { formatDuration } from '../../core/format.ts'
import { httpBase, resolveDestination } from '../../cli/destination.ts'
import { CliError, usageError } from '../../cli/errors.ts'
import { fetchHead } from '../../cli/http-reader.ts'
import { type Io, wantsColor } from '../../cli/io.ts'
import { renderTable } from '../../render/table.ts'
import { clean } from '../../render/terminal-text.ts'
import { type Ink, makeTheme } from '../../render/terminal-theme.ts'
import { parseDate } from './model/status.ts'

interface Options {
  remotehost?: string
  remoteport?: string
  timeout?: string
  json?: boolean
  account?: string
  orgId?: string
  inventoryId?: string
  systemId?: string
  since?: string
  status?: string
  limit?: string
}

interface ApiStatus {
  request_id: string
  service: string
  source: string | null
  status: string
  status_msg: string | null
  date: string
}

async function getJson<T>(io: Io, options: Options, path: string): Promise<T> {
  const base = httpBase(resolveDestination(options, io.env))
  const seconds = options.timeout === undefined ? 5 : Number(options.timeout)
  const token = io.env.UPTO_READ_TOKEN || io.env.UPTO_TOKEN
  const response = await fetchHead(`${base}${path}`, seconds * 1_000, { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) })
  const body = await response.json().catch(() => undefined) as (T & { message?: string }) | undefined
  if (response.status === 404 && body?.message) throw new CliError(body.message, 'not_found')
  if (!response.ok || body === undefined) {
    const why = body?.message ?? `HTTP ${response.status}`
    throw new CliError(`the collector at ${base} did not answer ${path}: ${why} (is it an upto collector with payload tracking?)`)
  }
  return body
}

export async function payloadCommand(io: Io, id: string, options: Options): Promise<void> {
  const answer = await getJson<{ data: ApiStatus[]; duration: Record<string, string> }>(io, options, `/api/v1/payloads/${encodeURIComponent(id)}?verbosity=0`)
  if (options.json) {
    io.out(`${JSON.stringify(answer, null, 2)}\n`)
    return
  }
  const theme = makeTheme(wantsColor(io))
  const statuses = answer.data
  const rows = statuses.map((s) => [
    { text: s.date.replace('T', ' ').replace('Z', '') },
    { text: s.service },
    { text: s.source ?? '' },
    { text: s.status, ink: inkOf(s.status) },
    { text: clean(s.status_msg ?? '') },
  ])
  io.out(`payload ${id}\n\n`)
  for (const line of renderTable([{ title: 'DATE' }, { title: 'SERVICE' }, { title: 'SOURCE' }, { title: 'STATUS' }, { title: 'MESSAGE', flex: true }], rows, io.columns, theme).lines) io.out(`${line}\n`)
  io.out(`\n${bars(statuses, io.columns, theme)}`)
  io.out(`\ntime in services ${answer.duration.total_time_in_services}, total ${answer.duration.total_time}\n`)
}

/** A row per service:source, its bar where its stay lies in the payload's time, coloured by how it ended. */
function bars(statuses: readonly ApiStatus[], columns: number, theme: ReturnType<typeof makeTheme>): string {
  const times = statuses.map((s) => parseDate(s.date) ?? 0)
  const first = Math.min(...times)
  const last = Math.max(...times)
  const stays = new Map<string, { from: number; to: number; ended?: string }>()
  statuses.forEach((s, i) => {
    const key = s.source === null ? s.service : `${s.service}:${s.source}`
    const t = times[i]!
    const stay = stays.get(key) ?? { from: t, to: t }
    stay.from = Math.min(stay.from, t)
    stay.to = Math.max(stay.to, t)
    if (s.status === 'success' || s.status === 'error') stay.ended = s.status
    stays.set(key, stay)
  })
  const label = Math.min(30, Math.max(...[...stays.keys()].map((k) => k.length)))
  const width = Math.max(10, columns - label - 14)
  const span = Math.max(1, last - first)
  let out = ''
  for (const [key, stay] of stays) {
    const a = Math.floor(((stay.from - first) / span) * (width - 1))
    const b = Math.max(a + 1, Math.ceil(((stay.to - first) / span) * (width - 1)))
    const ink: Ink = stay.ended === 'success' ? 'ok' : stay.ended === 'error' ? 'error' : 'dim'
    // a glyph per ending, so that it reads without colour too
    const glyph = stay.ended === 'success' ? '█' : stay.ended === 'error' ? '▓' : '░'
    const bar = ' '.repeat(a) + theme.ink(ink, glyph.repeat(b - a)) + ' '.repeat(Math.max(0, width - b))
    const mark = stay.ended === 'success' ? '✓' : stay.ended === 'error' ? '✗' : '…'
    out += `${key.slice(0, label).padEnd(label)} ${bar} ${theme.ink(ink, mark)} ${formatDuration(stay.to - stay.from)}\n`
  }
  return out + `${' '.repeat(label + 1)}█ success  ▓ error  ░ still there\n`
}

function inkOf(status: string): Ink {
  return status === 'success' ? 'ok' : status === 'error' || status === 'failed' ? 'error' : status === 'received' ? 'dim' : 'other'
}

export async function payloadsCommand(io: Io, options: Options): Promise<void> {
  const limit = Number(options.limit ?? 20)
  if (!Number.isInteger(limit) || limit < 1) throw usageError(`invalid --limit "${options.limit}": expected a whole number of 1 or more`)
  const params = new URLSearchParams({ page_size: String(Math.min(limit, 1_000)), sort_by: 'created_at', sort_dir: 'desc' })
  for (const [flag, field] of [['account', 'account'], ['orgId', 'org_id'], ['inventoryId', 'inventory_id'], ['systemId', 'system_id']] as const) {
    if (options[flag] !== undefined) params.set(field, options[flag]!)
  }
  if (options.since !== undefined) {
    const ms = parseDuration(options.since)
    if (ms === undefined) throw usageError(`invalid --since "${options.since}": expected a duration like 90s, 15m, 1h or 2d`)
    params.set('created_at_gte', new Date(io.now() - ms).toISOString())
  }
  type Listed = { count: number; data: Array<{ request_id: string; account: string | null; org_id: string | null; inventory_id: string | null; system_id: string | null; created_at: string }> }
  let answer = await getJson<Listed>(io, options, `/api/v1/payloads?${params}`)
  if (options.status !== undefined) {
    // the payloads with a status of that name in the window: the statuses say which
    const statuses = new URLSearchParams({ status: options.status, page_size: '1000', sort_by: 'created_at', sort_dir: 'desc' })
    if (params.has('created_at_gte')) statuses.set('created_at_gte', params.get('created_at_gte')!)
    const found = await getJson<{ data: Array<{ request_id: string }> }>(io, options, `/api/v1/statuses?${statuses}`)
    const ids = new Set(found.data.map((s) => s.request_id))
    answer = { count: answer.data.filter((p) => ids.has(p.request_id)).length, data: answer.data.filter((p) => ids.has(p.request_id)) }
  }
  if (options.json) {
    io.out(`${JSON.stringify(answer, null, 2)}\n`)
    return
  }
  if (answer.data.length === 0) {
    io.out('no payloads match\n')
    return
  }
  const theme = makeTheme(wantsColor(io))
  const rows = answer.data.map((p) => [p.request_id, p.account ?? '', p.org_id ?? '', p.inventory_id ?? '', p.system_id ?? '', p.created_at].map((text) => ({ text })))
  const columns = ['REQUEST_ID', 'ACCOUNT', 'ORG_ID', 'INVENTORY_ID', 'SYSTEM_ID', 'FIRST SEEN'].map((title) => ({ title, flex: title !== 'REQUEST_ID' }))
  for (const line of renderTable(columns, rows, io.columns, theme).lines) io.out(`${line}\n`)
  if (answer.count > answer.data.length) io.out(`${answer.data.length} of ${answer.count}: --limit shows more\n`)
}
