// `upto services`: a table of the services — state in colour (and in words, for NO_COLOR), gid, host, last seen,
// uptime, required or optional — and a line when required ones are down; `--watch` draws it again every 2 s.

import { httpBase, resolveDestination } from '../../cli/destination.ts'
import { CliError } from '../../cli/errors.ts'
import { fetchHead } from '../../cli/http-reader.ts'
import { type Io, wantsColor } from '../../cli/io.ts'
import { renderTable } from '../../render/table.ts'
import { clean } from '../../render/terminal-text.ts'
import { type Ink, makeTheme } from '../../render/terminal-theme.ts'
import type { ServicesAnswer } from './model/view.ts'
import { shortDuration } from './model/short-duration.ts'

interface Options {
  remotehost?: string
  remoteport?: string
  timeout?: string
  json?: boolean
  watch?: boolean
  archived?: boolean
}

async function fetchServices(io: Io, options: Options): Promise<ServicesAnswer> {
  const base = httpBase(resolveDestination(options, io.env))
  const seconds = options.timeout === undefined ? 5 : Number(options.timeout)
  const token = io.env.UPTO_READ_TOKEN || io.env.UPTO_TOKEN
  const path = `/api/services${options.archived ? '?archived=1' : ''}`
  const response = await fetchHead(`${base}${path}`, seconds * 1_000, { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) })
  const body = await response.json().catch(() => undefined) as (ServicesAnswer & { message?: string }) | undefined
  if (!response.ok || body === undefined || !Array.isArray(body.services)) {
    throw new CliError(`the collector at ${base} did not answer ${path}: ${body?.message ?? `HTTP ${response.status}`} (is it an upto collector with the watchdog?)`)
  }
  return body
}

const inkOf = (state: string): Ink =>
  state === 'active' ? 'ok' : state === 'lost' || state === 'missing' ? 'error' : state === 'inactive' ? 'abandoned' : state === 'onboarding' || state === 'onboarded' ? 'running' : 'dim'

export function renderServices(answer: ServicesAnswer, columns: number, color: boolean): string {
  const theme = makeTheme(color)
  const now = Date.parse(answer.now)
  if (answer.services.length === 0 && answer.missing.length === 0) return 'no service has onboarded yet\n'
  const rows = [
    ...answer.services.map((s) => [
      { text: s.state, ink: inkOf(s.state) },
      { text: clean(s.gid) },
      { text: clean(s.name) },
      { text: clean(s.host) },
      { text: `${shortDuration((now - Date.parse(s.last_seen)) / 1000)} ago` },
      { text: s.uptime === undefined ? '' : shortDuration(s.uptime) },
      { text: s.necessity ?? (s.unexpected === true ? 'unexpected' : '') },
    ]),
    ...answer.missing.map((m) => [{ text: 'missing', ink: inkOf('missing') }, { text: clean(m.expected) }, { text: '' }, { text: '' }, { text: 'never' }, { text: '' }, { text: m.necessity }]),
  ]
  const titles = ['STATE', 'GID', 'NAME', 'HOST', 'LAST SEEN', 'UPTIME', 'NECESSITY']
  const lines = renderTable(titles.map((title) => ({ title, flex: title === 'NAME' || title === 'HOST' })), rows, columns, theme).lines
  const down = answer.required_down === 0 ? '' : `${theme.ink('error', `${answer.required_down} required service${answer.required_down === 1 ? ' is' : 's are'} not active`)}\n`
  return `${lines.join('\n')}\n${down}`
}

export async function servicesCommand(io: Io, options: Options): Promise<void> {
  const show = async () => {
    const answer = await fetchServices(io, options)
    return options.json ? `${JSON.stringify(answer, null, 2)}\n` : renderServices(answer, io.columns, wantsColor(io))
  }
  if (!options.watch) {
    io.out(await show())
    return
  }
  const clear = io.isTTY ? '\x1b[H\x1b[2J' : ''
  let stopped = false
  const stop = io.stopSignal().then(() => {
    stopped = true
  })
  while (!stopped) {
    try {
      io.out(`${clear}${await show()}`)
    } catch (error) {
      // the collector away for a moment: said, and tried again
      io.err(`${(error as Error).message}\n`)
    }
    await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, 2000).unref())])
  }
}
