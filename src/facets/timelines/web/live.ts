// Live updates: server-sent events say which timeline changed; the page re-fetches just its part, at
// most once per `gapMs`, never on a timer of its own.

import { type EventSrc, doc, openEvents } from './dom.ts'

export interface Change {
  context: string
  timeline: string
  created: boolean
}

/**
 * Calls `onChange` for each change, and `onReconnect` when the stream comes back (changes may have been missed).
 * A hidden tab lets go of its stream (browsers allow few connections per server) and takes it again when shown.
 */
export function followChanges(url: string, onChange: (change: Change) => void, onReconnect: () => void): void {
  let events: EventSrc | undefined
  let seen = doc().hidden // a page loaded in a background tab may be stale once shown
  const open = () => {
    events = openEvents(url)
    events.addEventListener('hello', () => {
      if (seen) onReconnect()
      seen = true
    })
    events.addEventListener('change', (event) => {
      try {
        onChange(JSON.parse(event.data) as Change)
      } catch {}
    })
  }
  doc().addEventListener('visibilitychange', () => {
    if (doc().hidden) {
      events?.close()
      events = undefined
    } else if (events === undefined) open()
  })
  if (!doc().hidden) open()
}

/** Runs `work` when asked, never twice at once, at most once per `gapMs`; asks made meanwhile run it once more. */
export function makeRefresher(work: () => Promise<void>, gapMs = 500): () => void {
  let running = false
  let again = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = 0

  async function run(): Promise<void> {
    timer = undefined
    running = true
    again = false
    last = Date.now()
    try {
      await work()
    } catch {
      // The next change tries again.
    } finally {
      running = false
      if (again) ask()
    }
  }

  function ask(): void {
    if (running) {
      again = true
      return
    }
    if (timer !== undefined) return
    timer = setTimeout(() => void run(), Math.max(0, last + gapMs - Date.now()))
  }
  return ask
}

/** The text of a page part, or undefined when the collector does not answer 200. */
export async function fetchPart(url: string): Promise<string | undefined> {
  const response = await fetch(url, { headers: { accept: 'text/html' } })
  return response.ok ? response.text() : undefined
}
