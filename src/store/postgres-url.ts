// Where a PostgreSQL store lives: a postgres:// URL, checked once at start-up, and the words for
// what went wrong when connecting. Imports no `pg`: the CLI checks a URL before loading it.

import { StoreError } from './errors.ts'

export interface PostgresTarget {
  /** What `pg` connects with: the URL without our own `schema` parameter. */
  connectionString: string
  /** The schema that holds upto's tables. */
  schema: string
  /** Wait for the server to flush each batch to disk (synchronous_commit) before append() resolves. */
  sync: boolean
  /** `host:port` (or the socket folder), for messages. */
  address: string
  /** The URL with its password masked: safe in logs and errors. */
  display: string
}

export const defaultSchema = 'upto'

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/
const example = 'postgres://user@db.internal:5432/upto'

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value)
}

/**
 * Reads `postgres://user:password@host:port/database?schema=name&sync=on`; the options win over the URL.
 * `schema` and `sync` are ours: they are taken out of the URL `pg` gets.
 */
export function parsePostgresUrl(value: string, options: { schema?: string; sync?: boolean } = {}): PostgresTarget {
  let url: URL
  try {
    if (!isPostgresUrl(value)) throw new TypeError('not postgres://')
    url = new URL(value)
  } catch {
    const shown = maskPassword(value)
    throw new StoreError('unreadable', shown, `invalid store URL "${shown}": expected a URL like ${example}`)
  }
  const chosen = options.schema ?? url.searchParams.get('schema') ?? defaultSchema
  const syncParam = url.searchParams.get('sync')
  url.searchParams.delete('schema')
  url.searchParams.delete('sync')
  const display = maskUrl(url)
  const sync = options.sync ?? (syncParam === null ? false : switchValue(syncParam))
  if (sync === undefined) {
    throw new StoreError('unreadable', display, `invalid sync "${syncParam}" for ${display}: expected on or off`)
  }
  if (!schemaPattern.test(chosen)) {
    throw new StoreError(
      'unreadable',
      display,
      `invalid schema "${chosen}" for ${display}: ` +
        'expected 1–63 lowercase letters, digits and _, not starting with a digit',
    )
  }
  const socket = url.searchParams.get('host')
  const address = url.hostname ? `${url.hostname}:${url.port || '5432'}` : socket ?? 'localhost:5432'
  return { connectionString: url.toString(), schema: chosen, sync, address, display }
}

function switchValue(value: string): boolean | undefined {
  if (/^(on|true|1|yes)$/i.test(value)) return true
  if (/^(off|false|0|no)$/i.test(value)) return false
  return undefined
}

/** A StoreError that says why PostgreSQL could not be used, naming where it was tried. */
export function connectError(target: PostgresTarget, error: unknown): StoreError {
  const { code, message } = error as { code?: unknown; message?: unknown }
  const text = typeof message === 'string' ? message : String(error)
  let words: string
  if (code === 'ECONNREFUSED') words = `cannot reach PostgreSQL at ${target.address}: ECONNREFUSED (is it running?)`
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    words = `cannot reach PostgreSQL at ${target.address}: ${code} (no such host)`
  } else if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    words = `cannot reach PostgreSQL at ${target.address}: ${code}`
  } else if (/timeout/i.test(text)) words = `cannot reach PostgreSQL at ${target.address}: no answer (${text})`
  else if (/terminated/i.test(text)) words = `lost the connection to PostgreSQL at ${target.address}: ${text}`
  else words = `PostgreSQL at ${target.address} refused ${target.display}: ${text}`
  return new StoreError('unreadable', target.display, words, { cause: error })
}

/** A StoreError for a schema that could not be created or migrated (rights, a damaged schema). */
export function schemaError(target: PostgresTarget, error: unknown): StoreError {
  const text = error instanceof Error ? error.message : String(error)
  return new StoreError(
    'unreadable',
    target.display,
    `cannot prepare schema ${target.schema} in ${target.display}: ${text}`,
    { cause: error },
  )
}

function maskUrl(url: URL): string {
  const copy = new URL(url.toString())
  if (copy.password) copy.password = '***'
  return copy.toString()
}

/** Masks a password in a string that may not even parse as a URL. */
export function maskPassword(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@')
}
