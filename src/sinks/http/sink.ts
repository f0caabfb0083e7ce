// `[sinks.NAME] type = "http"`: each item POSTed as a binary-mode CloudEvent — the event as the JSON body, its
// attributes as ce-id, ce-source, ce-type, ce-time, ce-specversion — with an optional signing header (HMAC-SHA256
// of the body, hex or base64, with a prefix), as cdviz-collector's http sink sends them. A network error, a 5xx, 408
// or 429 rejects the batch, which the sink's queue sends again with back-off (forward.ts); items the other side
// already took are not sent twice (the queue's one writer retries the same head). Any other answer outside 2xx is logged and the item dropped: sending it again
// would be refused again.

import { createHmac } from 'node:crypto'
import { errorMessage } from '../../pipeline/log.ts'
import { storedAsItem, type FeedItem, type Sink, type SinkType } from '../types.ts'

export interface HttpSinkOptions {
  url: string
  signature_header?: string
  signature_secret?: string
  signature_encoding?: 'hex' | 'base64'
  signature_prefix?: string
  /** Milliseconds before a request is abandoned (and retried). */
  timeout?: number
}

/** Answers worth sending again: the other side may take it later. */
export const retryable = (status: number) => status >= 500 || status === 408 || status === 429

export const httpSink: SinkType<HttpSinkOptions> = {
  type: 'http',
  settings: {
    url: { type: 'url', required: true, description: 'Where each event is POSTed, as a binary-mode CloudEvent.' },
    signature_header: { type: 'string', description: 'A header carrying the HMAC-SHA256 signature of the body (x-hub-signature-256).' },
    signature_secret: { type: 'string', secret: true, description: 'The signature\'s secret.' },
    signature_encoding: { type: 'string', choices: ['hex', 'base64'], default: 'hex', description: 'How the signature is written.' },
    signature_prefix: { type: 'string', default: '', description: 'Before the signature, as GitHub\'s sha256=.' },
    timeout: { type: 'duration', default: '10s', description: 'How long one request may take before it is tried again.' },
  },
  create(options, context) {
    if (typeof options.url !== 'string' || options.url === '') throw new TypeError(`sinks.${context.name}: url is missing`)
    if ((options.signature_header === undefined) !== (options.signature_secret === undefined)) {
      throw new TypeError(`sinks.${context.name}: signature_header and signature_secret go together: give both or neither`)
    }
    const timeout = options.timeout ?? 10_000
    /**
     * How many items at the head of the batch under way the other side has: the queue sends the same head again
     * after a failure (forward.ts), and these are skipped.
     */
    let delivered = 0

    async function post(item: FeedItem): Promise<void> {
      const body = JSON.stringify(item.data)
      const headers: Record<string, string> = {
        'content-type': 'application/json', 'ce-specversion': item.specversion, 'ce-id': item.id,
        'ce-source': item.source, 'ce-type': item.type, 'ce-time': item.time,
      }
      if (options.signature_header !== undefined && options.signature_secret !== undefined) {
        const digest = createHmac('sha256', options.signature_secret).update(body).digest(options.signature_encoding ?? 'hex')
        headers[options.signature_header] = `${options.signature_prefix ?? ''}${digest}`
      }
      let response: Response
      try {
        response = await fetch(options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeout) })
      } catch (error) {
        throw new Error(`POST ${options.url} failed: ${errorMessage(error)}`)
      }
      await response.body?.cancel().catch(() => {})
      if (response.ok) return
      if (retryable(response.status)) throw new Error(`POST ${options.url} answered ${response.status}`)
      context.log.limited('warn', `sink ${context.name} refused`, `sink ${context.name}: ${options.url} answered ${response.status} to event ${item.id}: dropped, not sent again`)
    }

    const sink: Sink = {
      async writeItems(batch) {
        for (let i = delivered; i < batch.length; i++) {
          await post(batch[i]!)
          delivered = i + 1
        }
        delivered = 0
      },
      write: (batch) => sink.writeItems!(batch.map(storedAsItem)),
    }
    return sink
  },
}
