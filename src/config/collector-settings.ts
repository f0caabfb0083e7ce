// The collector's own keys: the top of upto.toml, `UPTO__KEY` in the environment, and the flags of
// `upto serve` and `upto config` (program.ts makes its options from `collectorFlags`).

import type { Settings } from './settings.ts'

const port = { type: 'integer', min: 1, max: 65535, expected: 'a port number from 1 to 65535' } as const

export const collectorSettings: Settings = {
  port: { ...port, description: 'UDP and HTTP port', default: 8123 },
  udp_port: { ...port, description: 'UDP port, when it differs from port' },
  http_port: { ...port, description: 'HTTP port, when it differs from port' },
  host: { type: 'string', description: 'address to bind (0.0.0.0 for every interface)', default: '127.0.0.1' },
  data: { type: 'string', description: 'data folder (default $UPTO_DATA, else ${XDG_DATA_HOME:-~/.local/share}/upto)' },
  store: {
    type: 'url',
    description: 'PostgreSQL shared by several collectors, postgres://... (default $UPTO_STORE)',
    expected: 'a URL like postgres://user@db.internal:5432/upto (a LevelDB folder goes in --data)',
  },
  token: { type: 'string', secret: true, description: 'HTTP writes need Authorization: Bearer <token> (default $UPTO_TOKEN)' },
  read_token: { type: 'string', secret: true, description: 'HTTP reads (API, pages, metrics) need this token or the write token (default $UPTO_READ_TOKEN)' },
  udp_key: { type: 'string', secret: true, description: 'accept only UDP datagrams signed with this key, HMAC-SHA256 (default $UPTO_UDP_KEY)' },
  retain: { type: 'duration', description: 'remove timelines created longer ago than this, like 30d or 12h (default: keep all)' },
  stale: { type: 'duration', description: 'a step with no end for longer than this is shown stale, not running, like 30m or 2h (default: three times the step\'s p90 over earlier runs, at least a minute, else an hour)' },
  sync: { type: 'string', description: 'fsync batches: acknowledged (HTTP ones), always or never', choices: ['acknowledged', 'always', 'never'], default: 'acknowledged' },
  public_url: { type: 'strings', description: 'URLs the collector is reached at, like https://upto.example.com: their names are answered' },
  allow_origin: { type: 'strings', description: 'web pages of these origins may write, like https://ci.example.com' },
  max_body_bytes_in_flight: { type: 'size', min: 1, description: 'request bodies all connections may hold at once; beyond, 503', default: '64MiB' },
  max_streams: { type: 'integer', min: 1, description: 'most live-update streams of the web pages open at once', default: 1000 },
  min_free: {
    type: 'size-floor',
    description: "refuse events while the data folder's disk has less free, like 500MB or 5% (default: 256MB or 5%, the smaller; 0 off)",
  },
}

/** How each key is written as a flag: its value's placeholder, and a short form. */
export const collectorFlags: Readonly<Record<string, { value: string; short?: string }>> = {
  port: { value: 'port', short: 'p' },
  udp_port: { value: 'port' },
  http_port: { value: 'port' },
  host: { value: 'address' },
  data: { value: 'dir' },
  store: { value: 'url' },
  token: { value: 'token' },
  read_token: { value: 'token' },
  udp_key: { value: 'key' },
  retain: { value: 'duration' },
  stale: { value: 'duration' },
  sync: { value: 'when' },
  public_url: { value: 'url' },
  allow_origin: { value: 'origin' },
  max_body_bytes_in_flight: { value: 'size' },
  max_streams: { value: 'count' },
  min_free: { value: 'size' },
}

/**
 * The variables upto read before upto.toml, still read as they were: below the UPTO__ ones. $UPTO_STORE wins
 * over $UPTO_DATA (which is also every command's data folder).
 */
export const olderVariables: Readonly<Record<string, { key: string; rank: number }>> = {
  UPTO_DATA: { key: 'data', rank: 20 },
  UPTO_STORE: { key: 'store', rank: 21 },
  UPTO_TOKEN: { key: 'token', rank: 21 },
  UPTO_READ_TOKEN: { key: 'read_token', rank: 21 },
  UPTO_UDP_KEY: { key: 'udp_key', rank: 21 },
}

/** Keys of which one only may be given: the one from the later layer wins; both in one layer is refused. */
export interface Exclusive {
  keys: readonly [string, string]
  /** Said of each in the refusal: `give --data (a LevelDB folder) or --store (a postgres:// URL), not both`. */
  words: readonly [string, string]
}

export const collectorExclusive: readonly Exclusive[] = [{ keys: ['data', 'store'], words: ['a LevelDB folder', 'a postgres:// URL'] }]
