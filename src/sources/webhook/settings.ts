// What a `[sources.NAME] type = "webhook"` section takes, checked at start-up: a bad value stops the collector
// from starting with a message that names the key, the value and what was expected.

import type { Settings } from '../../config/settings.ts'
import { parseByteSize } from '../../core/byte-size.ts'
import { UptoError } from '../../core/errors.ts'
import type { HeaderRule } from './rules.ts'

export const webhookSettings: Settings = {
  id: { type: 'string', description: 'The webhook\'s id: it receives at POST /webhook/ID. Default: the section\'s NAME.' },
  header_exists: { type: 'strings', description: 'Headers that must be there (401 when missing).' },
  header_equals: { type: 'strings', description: 'NAME=VALUE: headers that must have this value (403 when wrong).' },
  header_matches: { type: 'strings', description: 'NAME=REGEX: headers that must match the pattern (403 when not).' },
  signature_header: { type: 'string', description: 'The header with an HMAC-SHA256 signature of the body (x-hub-signature-256); 401 when missing or wrong.' },
  signature_secret: { type: 'string', secret: true, description: 'The signature\'s secret.' },
  signature_encoding: { type: 'string', choices: ['hex', 'base64'], default: 'hex', description: 'How the signature is written.' },
  signature_prefix: { type: 'string', default: '', description: 'Before the signature, as GitHub\'s sha256=.' },
  max_body: { type: 'size', default: '1MiB', description: 'Larger bodies are refused with 413.' },
}

export interface WebhookOptions {
  id: string
  rules: HeaderRule[]
  maxBody: number
  format: string
}

export class WebhookSettingsError extends UptoError {
  override name = 'WebhookSettingsError'

  constructor(message: string) {
    super('usage', message)
  }
}

export function readWebhookOptions(section: string, raw: Record<string, unknown>): WebhookOptions {
  const fail = (message: string): never => {
    throw new WebhookSettingsError(`[sources.${section}] ${message}`)
  }
  const known = new Set([...Object.keys(webhookSettings), 'type', 'enabled', 'format'])
  for (const key of Object.keys(raw)) if (!known.has(key)) fail(`unknown key "${key}": expected one of ${Object.keys(webhookSettings).join(', ')}`)
  const text = (key: string): string | undefined => {
    const v = raw[key] ?? webhookSettings[key]?.default
    if (v === undefined) return undefined
    if (typeof v !== 'string') fail(`${key} is not a text: expected a string`)
    return v as string
  }
  const list = (key: string): string[] => {
    const v = raw[key]
    if (v === undefined) return []
    const items = typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : v
    if (!Array.isArray(items) || items.some((s) => typeof s !== 'string')) fail(`${key} is not a list of texts`)
    return items as string[]
  }
  const pair = (key: string, item: string): [string, string] => {
    const at = item.indexOf('=')
    if (at <= 0) fail(`${key} "${item}": expected NAME=VALUE`)
    return [item.slice(0, at).trim().toLowerCase(), item.slice(at + 1)]
  }

  const id = text('id') ?? section
  if (!/^[A-Za-z0-9._~-]{1,128}$/.test(id)) fail(`id "${id}": expected 1–128 letters, digits, ., _, ~ or -`)
  const rules: HeaderRule[] = [
    ...list('header_exists').map((h): HeaderRule => ({ kind: 'exists', header: h.toLowerCase() })),
    ...list('header_equals').map((item): HeaderRule => {
      const [header, value] = pair('header_equals', item)
      return { kind: 'equals', header, value }
    }),
    ...list('header_matches').map((item): HeaderRule => {
      const [header, source] = pair('header_matches', item)
      try {
        return { kind: 'matches', header, pattern: new RegExp(source) }
      } catch (error) {
        return fail(`header_matches "${item}": not a regular expression (${(error as Error).message})`)
      }
    }),
  ]
  const signature = text('signature_header')
  const secret = text('signature_secret')
  if ((signature === undefined) !== (secret === undefined)) fail('signature_header and signature_secret go together: give both or neither')
  if (signature !== undefined && secret !== undefined) {
    const encoding = text('signature_encoding')
    if (encoding !== 'hex' && encoding !== 'base64') fail(`signature_encoding "${encoding}": expected hex or base64`)
    rules.push({ kind: 'signature', header: signature.toLowerCase(), secret, encoding: encoding as 'hex' | 'base64', prefix: text('signature_prefix') ?? '' })
  }
  const size = raw.max_body ?? webhookSettings.max_body!.default
  let maxBody: number | undefined
  if (typeof size === 'number' && Number.isSafeInteger(size) && size > 0) maxBody = size
  else if (typeof size === 'string') maxBody = parseByteSize(size)
  if (maxBody === undefined) return fail(`max_body ${JSON.stringify(size)}: expected a size such as 1MiB or 500kB`)
  return { id, rules, maxBody, format: typeof raw.format === 'string' ? raw.format : 'upto' }
}
