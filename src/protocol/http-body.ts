// The body of `POST /api/events`: JSON, msgpack or text lines, chosen by Content-Type.

import { limits } from '../core/limits.ts'
import type { Decoded, Millis } from '../core/types.ts'
import { quote } from '../core/validate-detail.ts'
import { refuseAll } from './batch.ts'
import { decodeJson } from './json.ts'
import { decodeMsgpack } from './msgpack.ts'
import { decodeText } from './text.ts'
import { utf8Text } from './utf8.ts'

const MSGPACK = new Set(['application/msgpack', 'application/x-msgpack', 'application/vnd.msgpack'])
const EXPECTED = 'application/json, application/msgpack or text/plain'

/**
 * Decodes a request body received at `now`. A missing Content-Type means JSON. `sender`, when given,
 * becomes the host of items that say autoIP. Never throws.
 */
export function decodeHttpBody(
  body: Uint8Array,
  contentType: string | undefined,
  now: Millis,
  sender?: string,
): Decoded {
  if (body.length > limits.bodyBytes) {
    return refuseAll('too_large', `body is ${body.length} bytes: expected at most ${limits.bodyBytes}`)
  }
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (media === '' || media === 'application/json' || media.endsWith('+json')) return decodeJson(body, now, sender)
  if (MSGPACK.has(media)) return decodeMsgpack(body, now, sender)
  if (media === 'text/plain') {
    const text = utf8Text(body)
    if (text === undefined) return refuseAll('malformed', 'text body is not valid UTF-8: expected text lines')
    return decodeText(text, now, sender)
  }
  const detail = `content type ${quote(contentType ?? '')} is not supported: expected ${EXPECTED}`
  return refuseAll('unsupported_media_type', detail)
}
