// The collector's live updates (GET /api/changes, server-sent events) as the CLI reads them: each `change`
// of one context, and a `hello` on every (re)connect. A dropped stream is opened again after a second.

export interface Change {
  context: string
  timeline: string
  created: boolean
}

export interface ChangeStream {
  /** Resolves with the next change or reconnect ('hello'), or undefined once closed. */
  next(): Promise<Change | 'hello' | undefined>
  close(): void
}

export function openChangeStream(base: string, context: string, headers: Record<string, string>): ChangeStream {
  const queue: Array<Change | 'hello'> = []
  let wake: (() => void) | undefined
  let closed = false
  const controller = new AbortController()
  const push = (item: Change | 'hello') => {
    queue.push(item)
    wake?.()
  }

  void (async () => {
    while (!closed) {
      try {
        const response = await fetch(`${base}/api/changes?context=${encodeURIComponent(context)}`, {
          headers: { ...headers, accept: 'text/event-stream' },
          signal: controller.signal,
        })
        if (response.ok && response.body) await readEvents(response.body, push)
      } catch {}
      if (!closed) await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
  })()

  return {
    async next() {
      while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve))
      return queue.shift()
    },
    close() {
      closed = true
      controller.abort()
      wake?.()
    },
  }
}

async function readEvents(body: ReadableStream<Uint8Array>, push: (item: Change | 'hello') => void): Promise<void> {
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true })
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = /^event: ?(.*)$/m.exec(block)?.[1]
      const data = /^data: ?(.*)$/m.exec(block)?.[1]
      if (event === 'hello') push('hello')
      else if (event === 'change' && data !== undefined) {
        try {
          push(JSON.parse(data) as Change)
        } catch {}
      }
    }
  }
}
