// Parts of a page (strings, from an async generator) as a byte stream that is drawn as it is read: parts
// are drawn only when the client has taken what came before (pull), so a page of 50 MB never lies whole in
// memory, and the drawing pauses whenever its turn has taken its budget (turns.ts).

import type { Turns } from './turns.ts'

/** Bytes gathered before they are handed to the connection. */
const CHUNK = 64 * 1024

/**
 * `onError`: what to send in place of the rest when a part throws (the answer has begun: no error status).
 * The first part goes on its own, at once: a page's head, before its timeline is read. A part of bytes (drawn
 * elsewhere, draw-thread.ts) goes as it is.
 */
export function streamParts(parts: AsyncIterator<string | Uint8Array>, turns: Turns, onError: (error: unknown) => string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let done = false
  let first = true
  return new ReadableStream<Uint8Array>(
    {
      // Each pull enqueues something or closes: the stream asks again only then.
      async pull(controller) {
        if (done) return
        let text = ''
        try {
          while (text.length < CHUNK) {
            const step = await parts.next()
            if (step.done) {
              done = true
              break
            }
            if (typeof step.value !== 'string') {
              if (text !== '') controller.enqueue(encoder.encode(text))
              text = ''
              controller.enqueue(step.value)
              first = false
              break
            }
            text += step.value
            if (first && text !== '') {
              first = false
              break
            }
            const pause = turns.check()
            if (pause) {
              // hand over what is drawn, and let the event loop run before drawing more
              if (text !== '') controller.enqueue(encoder.encode(text))
              text = ''
              await pause
            }
          }
        } catch (error) {
          text += onError(error)
          done = true
        }
        if (text !== '') controller.enqueue(encoder.encode(text))
        if (done) controller.close()
      },
      async cancel() {
        done = true
        await parts.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}

/** The whole of a stream as text (tests, and answers that need a length). */
export async function textOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text()
}
