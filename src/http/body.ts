// Reads a request body up to a limit, without holding more than limit + one chunk.

import type { Readable } from 'node:stream'

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; size: number }

export async function readBody(request: Request, limit: number): Promise<BodyResult> {
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return { ok: false, size }
    }
    chunks.push(value)
  }
  return joined(chunks, size)
}

/**
 * The same from node's own request stream, when the server hands it over (@hono/node-server does, as
 * c.env.incoming): reading the web Request's body would first build that Request, its abort signal and a
 * web stream — most of the cost of a small POST.
 */
export async function readStream(stream: Readable, limit: number): Promise<BodyResult> {
  const chunks: Uint8Array[] = []
  let size = 0
  // left open when we stop early: the server drains the rest after answering 413, as with the web stream
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > limit) return { ok: false, size }
    chunks.push(chunk)
  }
  return joined(chunks, size)
}

function joined(chunks: readonly Uint8Array[], size: number): BodyResult {
  if (chunks.length === 1) return { ok: true, bytes: chunks[0]! }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return { ok: true, bytes }
}
