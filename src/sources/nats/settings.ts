// What a `[sources.NAME] type = "nats"` section takes, and the check of it at start-up: every value is read
// once here, so the consuming loop never looks at a setting again. A bad value stops the source from starting
// with a message that names the key, the value and what was expected.

import type { Settings } from '../../config/settings.ts'
import { parseDuration } from '../../core/duration.ts'
import { UptoError } from '../../core/errors.ts'

export const natsSettings: Settings = {
  url: { type: 'url', default: 'nats://127.0.0.1:4222', description: 'The NATS server (several: separated by commas).' },
  subject: { type: 'string', description: 'Where events are published; wildcards * and > allowed. Default upto.events, or the subject of the format (payload-status: platform.payload-status).' },
  stream: { type: 'string', default: 'UPTO', description: 'The JetStream stream holding the subject; created (work-queue retention) if missing.' },
  durable: { type: 'string', description: 'The durable pull consumer: collectors sharing one split the messages. Default upto, or upto-FORMAT for another format.' },
  user: { type: 'string', description: 'User name, with password.' },
  password: { type: 'string', secret: true, description: 'Password of user.' },
  token: { type: 'string', secret: true, description: 'Authentication token (instead of user and password).' },
  batch: { type: 'integer', default: 200, min: 1, description: 'Most messages pulled at once, and stored in one submit.' },
  ack_wait: { type: 'duration', default: '30s', description: 'How long a message delivered but not acknowledged waits before it is delivered again.' },
  max_ack_pending: { type: 'integer', default: 1000, min: 1, description: 'Most messages delivered and not yet acknowledged, across every collector on the durable.' },
  retry_delay: { type: 'duration', default: '1s', description: 'When the collector cannot store now (queue full, store down): how long before the message comes again.' },
}

export interface NatsOptions {
  servers: string[]
  subject: string
  stream: string
  durable: string
  user?: string
  password?: string
  token?: string
  batch: number
  ackWait: number
  maxAckPending: number
  retryDelay: number
  format: string
}

/** A `[sources.NAME]` section of type nats that cannot be used. */
export class NatsSettingsError extends UptoError {
  override name = 'NatsSettingsError'

  constructor(message: string, options?: { cause?: unknown }) {
    super('usage', message, options)
  }
}

// JetStream names: no whitespace, dots, wildcards or path separators; short enough that the ids derived
// from the stream name (message-ids.ts) stay within the 128 bytes an event id may have.
const namePattern = /^[A-Za-z0-9_-]{1,64}$/
const nameExpected = 'expected 1–64 letters, digits, _ or -'
const subjectToken = /^[^\s.*>]+$/

/** Checks a section against natsSettings and answers the values to run with, frozen. Throws NatsSettingsError. */
export function readNatsOptions(section: string, raw: Record<string, unknown>): Readonly<NatsOptions> {
  const fail = (message: string): never => {
    throw new NatsSettingsError(`[sources.${section}] ${message}`)
  }
  const known = new Set([...Object.keys(natsSettings), 'type', 'enabled', 'format'])
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) fail(`unknown key "${key}": expected one of ${Object.keys(natsSettings).join(', ')}`)
  }
  const text = (key: string): string | undefined => {
    const v = raw[key] ?? natsSettings[key]?.default
    if (v === undefined) return undefined
    if (typeof v !== 'string' || v.trim() === '') fail(`${key} ${shown(v, natsSettings[key]?.secret)} is not a text: expected a non-empty string`)
    return v as string
  }
  const integer = (key: string): number => {
    const v = raw[key] ?? natsSettings[key]?.default
    const min = natsSettings[key]?.min ?? 1
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(`${key} ${shown(v)} is not allowed: expected a whole number of ${min} or more`)
    return v as number
  }
  const duration = (key: string): number => {
    const v = raw[key] ?? natsSettings[key]?.default
    const ms = typeof v === 'number' ? v : typeof v === 'string' ? parseDuration(v) : undefined
    if (ms === undefined || !Number.isFinite(ms) || ms < 1_000) fail(`${key} ${shown(v)} is not allowed: expected a duration of 1s or more, like 30s or 2m`)
    return ms as number
  }

  const servers = (text('url') as string).split(',').map((s) => s.trim())
  for (const server of servers) {
    if (!/^(nats|tls|wss?):\/\/[^/\s]+\/?$/i.test(server) || !URL.canParse(server)) {
      fail(`url "${maskUrl(server)}" is not a NATS server: expected a URL like nats://127.0.0.1:4222`)
    }
  }
  const subject = text('subject') ?? 'upto.events'
  const tokens = subject.split('.')
  tokens.forEach((token, i) => {
    const wildcard = token === '*' || (token === '>' && i === tokens.length - 1)
    if (!wildcard && !subjectToken.test(token)) {
      fail(`subject "${subject}" is not a NATS subject: expected dot-separated words without spaces, * for one word ` +
        'or > as the last, like upto.events or upto.>')
    }
  })
  const stream = text('stream') as string
  if (!namePattern.test(stream)) fail(`stream "${stream}" is not a stream name: ${nameExpected}`)
  const durable = text('durable') ?? 'upto'
  if (!namePattern.test(durable)) fail(`durable "${durable}" is not a consumer name: ${nameExpected}`)

  const user = text('user')
  const password = text('password')
  const token = text('token')
  if ((user === undefined) !== (password === undefined)) fail('user and password go together: expected both or neither')
  if (token !== undefined && user !== undefined) fail('token and user/password are two ways to authenticate: expected one of them')
  const format = raw.format ?? 'upto'
  if (typeof format !== 'string' || format === '') fail(`format ${shown(format)} is not a name: expected a format like upto`)

  const options: NatsOptions = {
    servers,
    subject,
    stream,
    durable,
    batch: integer('batch'),
    ackWait: duration('ack_wait'),
    maxAckPending: integer('max_ack_pending'),
    retryDelay: duration('retry_delay'),
    format: format as string,
  }
  if (user !== undefined) options.user = user
  if (password !== undefined) options.password = password
  if (token !== undefined) options.token = token
  return Object.freeze(options)
}

function shown(v: unknown, secret?: boolean): string {
  if (secret) return '(secret)'
  return typeof v === 'string' ? `"${v}"` : v === undefined ? '(missing)' : `${JSON.stringify(v) ?? String(v)}`
}

/** A server URL for messages: a password in it is never shown. */
export function maskUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')
}
