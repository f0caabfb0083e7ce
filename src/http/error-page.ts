// The HTML page of a 404 or 400, for a browser: what was asked, what was wrong, the closest names as links
// (the same address with the name put right), and the way back. The API and other clients keep the JSON.

import { escapeHtml as esc } from '../render/escape.ts'
import { hrefs } from '../render/hrefs.ts'
import { pageEnd, pageStart } from '../render/web-shell.ts'

export interface Link {
  href: string
  text: string
}

/** What a 404 or 400 offers beside its message. */
export interface ErrorHints {
  /** The name that is not known, and the known ones nearest to it (core/closest.ts). */
  wanted?: string
  closest?: readonly string[]
  /** The query parameter whose value was refused: the page links to the address without it. */
  param?: string
  /** Pages that exist, to go back to (the list of contexts is always offered). */
  back?: readonly Link[]
}

/** Does the client ask for HTML, as a browser does? Never for the API, nor when text/html is absent or refused. */
export function wantsHtml(path: string, accept: string | undefined): boolean {
  if (path === '/api' || path.startsWith('/api/') || accept === undefined) return false
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    if (type !== 'text/html') continue
    const q = params.find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  }
  return false
}

const TITLES: Readonly<Record<number, string>> = { 400: 'Bad request', 404: 'Not found' }

/** `url`: the address asked for (path and query), from which the suggested addresses are made. */
export function renderErrorPage(status: number, message: string, url: string, hints: ErrorHints = {}): string {
  const title = TITLES[status] ?? `Error ${status}`
  const { path, search } = splitUrl(url)
  let body = `<header><nav class="crumbs"><a href="${esc(hrefs.home)}">upto</a></nav><h1>${status} · ${esc(title)}</h1></header>\n`
  body += `<p>You asked for <code>${esc(decodeSafe(url))}</code>.</p>\n<p class="error-message">${esc(message)}</p>\n`
  const { wanted, closest = [] } = hints
  if (wanted !== undefined && closest.length > 0) {
    const items = closest.map((name) => `<li><a href="${esc(replaced(path, search, wanted, name))}">${esc(name)}</a></li>`)
    body += `<p>Did you mean:</p>\n<ul class="suggestions">${items.join('')}</ul>\n`
  }
  const back: Link[] = []
  if (hints.param !== undefined && search.has(hints.param)) {
    const rest = new URLSearchParams(search)
    rest.delete(hints.param)
    const query = rest.toString()
    back.push({ href: query === '' ? path : `${path}?${query}`, text: `the same page without ${hints.param}=` })
  }
  back.push(...(hints.back ?? []), { href: hrefs.home, text: 'every context' })
  body += `<p>Go to:</p>\n<ul class="back">${back.map((l) => `<li><a href="${esc(l.href)}">${esc(l.text)}</a></li>`).join('')}</ul>\n`
  return `${pageStart({ title })}${body}${pageEnd}`
}

function splitUrl(url: string): { path: string; search: URLSearchParams } {
  const at = url.indexOf('?')
  return at < 0 ? { path: url, search: new URLSearchParams() } : { path: url.slice(0, at), search: new URLSearchParams(url.slice(at + 1)) }
}

/**
 * The address with `name` where `wanted` was: a path segment (`/c/WANTED/latest`, `/c/ctx/WANTED.svg`) or a
 * query value (`?a=WANTED`). The first place it is found, from the end: a timeline comes after its context.
 */
function replaced(path: string, search: URLSearchParams, wanted: string, name: string): string {
  const enc = encodeURIComponent
  const segments = path.split('/')
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = decodeSafe(segments[i]!)
    if (segment !== wanted && segment !== `${wanted}.svg`) continue
    segments[i] = enc(name) + segment.slice(wanted.length)
    const query = search.toString()
    return segments.join('/') + (query === '' ? '' : `?${query}`)
  }
  const query = new URLSearchParams(search)
  for (const [key, value] of search) if (value === wanted) query.set(key, name)
  const text = query.toString()
  return text === '' ? path : `${path}?${text}`
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
