// Normalising before validation, as cdviz-collector does: a missing context.timestamp is the time it was
// received, a missing context.source is the name of the source it came through, and a missing, empty or "0"
// context.id is a content id of the event (the caller's hash: content-id.ts), so the same event sent twice without
// an id gets the same one.

import { isObject, type Json, type JsonObject } from './cdevent.ts'

export interface NormaliseOptions {
  received: number
  /** The source's name, for an event that names none. */
  sourceName: string
  /** The content id of an event without its context.id. */
  contentId: (withoutId: Json) => string
}

/** A copy of the event with its context completed; the input is not changed. Not an object: answered as it is. */
export function normalise(value: unknown, { received, sourceName, contentId }: NormaliseOptions): unknown {
  if (!isObject(value) || !isObject(value.context)) return value
  const context: JsonObject = { ...value.context }
  if (context.timestamp === undefined) context.timestamp = new Date(received).toISOString()
  if (context.source === undefined || context.source === '') context.source = sourceName
  const id = context.id
  if (id === undefined || id === '' || id === '0' || id === 0) {
    delete context.id
    context.id = contentId({ ...value, context })
  }
  return { ...value, context }
}
