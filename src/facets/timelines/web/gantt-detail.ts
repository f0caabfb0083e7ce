// The detail panel of a bar, pinned by a click or Enter: everything known about it, as text one can select
// and copy, with links to the step's history and the run's JSON. Beside the chart on a wide screen, a sheet
// at the bottom on a phone (page CSS). Set as text, never as HTML.

import { formatDuration, formatTime } from '../../../core/format.ts'
import { formatOffset } from '../../../core/ticks.ts'
import { analysisHrefs, hrefs } from '../../../render/hrefs.ts'
import { type El, doc } from './dom.ts'
import type { Bar } from './gantt-model.ts'

export interface Detail {
  /** The bar shown, while the panel is open. */
  readonly bar: Bar | undefined
  show(bar: Bar, run: { context: string; timeline: string; start: number }): void
  hide(): void
  /** Whether an element is inside the panel. */
  holds(el: El | null): boolean
}

export function makeDetail(panel: El): Detail {
  const body = panel.querySelector('.detail-body') ?? panel
  let shown: Bar | undefined
  return {
    get bar() {
      return shown
    },
    show(bar, run) {
      shown = bar
      body.replaceChildren(...content(bar, run))
      panel.hidden = false
      doc().documentElement.classList.add('detail-open')
    },
    hide() {
      shown = undefined
      panel.hidden = true
      doc().documentElement.classList.remove('detail-open')
    },
    holds(el) {
      return el !== null && el.closest('#detail') !== null
    },
  }
}

/** The facts of a bar, in the order one reads them: [term, text]. */
export function detailFacts(bar: Bar, runStart: number): [string, string][] {
  const { row } = bar
  const at = (ms: number) => `${formatTime(ms)} (+${formatOffset(Math.round(ms - runStart))})`
  const facts: [string, string][] = [['name', row.name]]
  if (row.host) facts.push(['host', row.host])
  if (row.kind === 'implied') facts.push(['attempt', 'none: implied by its steps'])
  else if (row.kind !== 'mark') facts.push(['attempt', `${bar.attempt} of ${row.bars.length}`])
  if (row.kind === 'mark') facts.push(['at', at(bar.start)])
  else if (bar.state === 'orphan') facts.push(['start', 'never arrived'], ['end', at(bar.end)])
  else {
    facts.push(['start', at(bar.start)])
    if (bar.state === 'running') facts.push(['end', 'still running'], ['duration', `${formatDuration(bar.end - bar.start)} so far`])
    else if (bar.state === 'stale') facts.push(['end', 'none within the stale limit (--stale): not running'])
    else if (bar.state === 'abandoned') facts.push(['end', `none: started again ${at(bar.end)}`], ['duration', `${formatDuration(bar.end - bar.start)} until then`])
    else facts.push(['end', at(bar.end)], ['duration', formatDuration(bar.end - bar.start)])
  }
  facts.push(['status', bar.status])
  if (bar.message) facts.push(['message', bar.message])
  for (const [key, value] of Object.entries(bar.attrs ?? {})) facts.push([key, value])
  return facts
}

function content(bar: Bar, run: { context: string; timeline: string; start: number }): El[] {
  const d = doc()
  const title = d.createElement('h2')
  title.textContent = bar.row.host ? `${bar.row.name} @ ${bar.row.host}` : bar.row.name
  const list = d.createElement('dl')
  for (const [term, text] of detailFacts(bar, run.start)) {
    const dt = d.createElement('dt')
    dt.textContent = term
    const dd = d.createElement('dd')
    const url = isWebUrl(text) && (bar.attrs?.[term] === text || term === 'message') ? text : undefined
    if (url) dd.append(link(url, text))
    else dd.textContent = text
    list.append(dt, dd)
  }
  const links = d.createElement('p')
  links.classList.add('dlinks')
  if (bar.row.kind !== 'mark') links.append(link(`${analysisHrefs.historyPage(run.context)}?step=${encodeURIComponent(bar.row.name)}`, 'this step in past runs'))
  links.append(link(hrefs.timeline(run.context, run.timeline), 'this run as JSON'))
  return [title, list, links]
}

function link(href: string, text: string): El {
  const a = doc().createElement('a')
  a.setAttribute('href', href)
  a.textContent = text
  if (/^https?:/i.test(href)) a.setAttribute('rel', 'noopener noreferrer')
  return a
}

/** Only http(s) addresses become links: never `javascript:` or `data:` from an event. */
function isWebUrl(text: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(text)
}
