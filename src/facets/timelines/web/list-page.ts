// The list pages (`/`, `/c/:context`): the table is fetched again when a timeline changes.

import type { El } from './dom.ts'
import { fetchPart, followChanges, makeRefresher } from './live.ts'

export function startListPage(main: El): void {
  const changes = main.getAttribute('data-changes')
  const fragment = main.getAttribute('data-fragment')
  if (changes === null || fragment === null) return
  const refresh = makeRefresher(async () => {
    const html = await fetchPart(fragment)
    if (html !== undefined) main.innerHTML = html
  }, 1_000)
  followChanges(changes, refresh, refresh)
}
