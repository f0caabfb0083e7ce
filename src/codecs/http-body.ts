// The body of `POST /api/events`: JSON, msgpack or text lines, chosen by Content-Type.

import { limits } from '../core/limits.ts'
import type { Decoded, Millis } from '../core/types.ts'
import { quote } from '../core/validate-detail.ts'
import { refuseAll } from './batch.ts'
import { decodeJson } from './json.ts'
import { decodeMsgpack } from './msgpack/index.ts'
import { decodeText } from './text.ts'
import { utf8Text } from './utf8.ts'

const MSGPACK = new Set(['application/msgpack', 'application/x-msgpack', 'application/vnd.msgpack'])
/** Text lines also under a type a web page cannot send cross-site without asking first (see crossSiteMedia). */
const TEXT = new Set(['text/plain', 'text/x-upto'])
const EXPECTED = 'application/json, application/msgpack, text/x-upto or text/plain'
/**
 * The Content-Types a web page of any site may send with a form or a no-cors fetch (the CORS-safelisted ones),
 * and none at all (a Blob without a type). A collector whose writes need no token refuses them: otherwise any
 * page its users open could write events.
 */
const CROSS_SITE = new Set(['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'])

/** The media type of a Content-Type header, lower case, parameters dropped; '' when there is none. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** Whether a web page of another site may send this Content-Type without the collector's leave. */
export function crossSiteMedia(contentType: string | undefined): boolean {
  return CROSS_SITE.has(mediaType(contentType))
}

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
  const media = mediaType(contentType)
  if (media === '' || media === 'application/json' || media.endsWith('+json')) return decodeJson(body, now, sender)
  if (MSGPACK.has(media)) return decodeMsgpack(body, now, sender)
  if (TEXT.has(media)) {
    const text = utf8Text(body)
    if (text === undefined) return refuseAll('malformed', 'text body is not valid UTF-8: expected text lines')
    return decodeText(text, now, sender)
  }
  const detail = `content type ${quote(contentType ?? '')} is not supported: expected ${EXPECTED}`
  return refuseAll('unsupported_media_type', detail)
}
