// CloudEvents over HTTP, read with the `cloudevents` package: binary mode (`ce-*` headers, the CDEvent as the
// body), structured mode (`application/cloudevents+json`) and batches (`application/cloudevents-batch+json`). A
// body with none of these is read as CDEvents themselves (one or an array), as cdviz-collector's webhooks take
// them. Each item is the CDEvent to normalise, or why it cannot be one.

import { CloudEvent, HTTP, ValidationError } from 'cloudevents'

export type Item = { value: unknown } | { refused: 'malformed' | 'not_a_cloudevent'; detail: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** `headers` with lower-case names. */
export function itemsOf(headers: Readonly<Record<string, string>>, bytes: Uint8Array): Item[] {
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return [{ refused: 'malformed', detail: 'the body is not UTF-8' }]
  }
  if (headers['ce-specversion'] !== undefined) return [binary(headers, text)]
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return [{ refused: 'malformed', detail: `the body is not JSON (${(error as Error).message})` }]
  }
  if (type === 'application/cloudevents-batch+json') {
    if (!Array.isArray(parsed)) return [{ refused: 'malformed', detail: 'a cloudevents batch is a JSON array of CloudEvents' }]
    return parsed.map(structured)
  }
  if (type === 'application/cloudevents+json') return [structured(parsed)]
  return Array.isArray(parsed) ? parsed.map((value) => ({ value })) : [{ value: parsed }]
}

function binary(headers: Readonly<Record<string, string>>, body: string): Item {
  try {
    const event = HTTP.toEvent({ headers, body })
    const one = Array.isArray(event) ? event[0] : event
    return dataOf(one)
  } catch (error) {
    return refusedCloudEvent(error)
  }
}

function structured(value: unknown): Item {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { refused: 'not_a_cloudevent', detail: 'expected a CloudEvent object' }
  }
  try {
    return dataOf(new CloudEvent(value as ConstructorParameters<typeof CloudEvent>[0], true))
  } catch (error) {
    return refusedCloudEvent(error)
  }
}

function dataOf(event: { data?: unknown } | undefined): Item {
  if (event === undefined) return { refused: 'not_a_cloudevent', detail: 'no CloudEvent in the request' }
  let data: unknown = event.data
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch {
      return { refused: 'malformed', detail: 'the CloudEvent\'s data is not JSON' }
    }
  }
  if (data instanceof Uint8Array) return { refused: 'malformed', detail: 'the CloudEvent\'s data is binary, expected a CDEvent in JSON' }
  return { value: data }
}

function refusedCloudEvent(error: unknown): Item {
  if (error instanceof ValidationError) {
    const errors = (error.errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ')
    return { refused: 'not_a_cloudevent', detail: `not a CloudEvent: ${error.message}${errors === '' ? '' : ` (${errors})`}` }
  }
  return { refused: 'not_a_cloudevent', detail: `not a CloudEvent: ${error instanceof Error ? error.message : String(error)}` }
}
