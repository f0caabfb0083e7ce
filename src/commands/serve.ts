// upto serve: the collector, until SIGINT or SIGTERM.

import { parseByteSize, parseSizeFloor } from '../core/byte-size.ts'
import { parseDuration } from '../core/duration.ts'
import { startCollector } from '../server/collector.ts'
import { ListenError } from '../core/errors.ts'
import { isPostgresUrl, maskPassword } from '../store/postgres-url.ts'
import { parsePort } from '../cli/destination.ts'
import { CliError, usageError } from '../cli/errors.ts'
import type { Io } from '../cli/io.ts'
import { defaultDataDir } from '../cli/paths.ts'
import { growYoungGenerationAtOnce } from '../cli/young-generation.ts'
import { type SecretOptions, readSecrets } from '../cli/secrets.ts'

export interface ServeOptions {
  port: string
  udpPort?: string
  httpPort?: string
  host: string
  data?: string
  store?: string
  retain?: string
  sync?: string
  minFree?: string
  maxStreams?: string
  maxBodyBytesInFlight?: string
  publicUrl?: string[]
  allowOrigin?: string[]
}

const syncModes = ['acknowledged', 'always', 'never'] as const

export async function serve(io: Io, options: ServeOptions & SecretOptions): Promise<void> {
  const port = parsePort(options.port, '--port')
  const where = storeChoice(io, options)
  const secrets = await readSecrets(options, io.env)
  const retainMs = options.retain === undefined ? undefined : parseDuration(options.retain)
  if (options.retain !== undefined && retainMs === undefined) {
    throw usageError(`invalid --retain "${options.retain}": expected a duration like 30d, 12h or 2w`)
  }
  const sync = syncModes.find((mode) => mode === (options.sync ?? 'acknowledged'))
  if (sync === undefined) throw usageError(`invalid --sync "${options.sync}": expected ${syncModes.join(', ')}`)
  const minFree = options.minFree === undefined ? undefined : parseSizeFloor(options.minFree)
  if (options.minFree !== undefined && minFree === undefined) {
    throw usageError(`invalid --min-free "${options.minFree}": expected a size like 500MB or 1GiB, a percent like 5%, or 0`)
  }
  const maxStreams = options.maxStreams === undefined ? undefined : Number(options.maxStreams)
  if (maxStreams !== undefined && !(Number.isSafeInteger(maxStreams) && maxStreams >= 1)) {
    throw usageError(`invalid --max-streams "${options.maxStreams}": expected a whole number of 1 or more, like 1000`)
  }
  const maxBodyBytesInFlight = options.maxBodyBytesInFlight === undefined ? undefined : parseByteSize(options.maxBodyBytesInFlight)
  if (maxBodyBytesInFlight !== undefined ? maxBodyBytesInFlight < 1 : options.maxBodyBytesInFlight !== undefined) {
    throw usageError(`invalid --max-body-bytes-in-flight "${options.maxBodyBytesInFlight}": expected a size like 64MiB or 100MB`)
  }
  const publicHosts = (options.publicUrl ?? []).map(publicHost)
  const allowOrigins = (options.allowOrigin ?? []).map(allowedOrigin)
  const log = (line: string) => io.err(`${line}\n`)
  growYoungGenerationAtOnce() // the whole process is the collector now
  let collector
  try {
    collector = await startCollector({
      host: options.host,
      port,
      udpPort: options.udpPort === undefined ? port : parsePort(options.udpPort, '--udp-port'),
      httpPort: options.httpPort === undefined ? port : parsePort(options.httpPort, '--http-port'),
      ...where,
      ...secrets,
      ...(retainMs === undefined ? {} : { retainMs }),
      sync,
      ...(minFree === undefined ? {} : { minFree }),
      ...(maxStreams === undefined ? {} : { maxStreams }),
      origins: { publicHosts, allowOrigins },
      ...(maxBodyBytesInFlight === undefined ? {} : { maxBodyBytesInFlight }),
      log,
    })
  } catch (error) {
    if (!(error instanceof ListenError)) throw error // a StoreError says what is wrong with the data folder
    const where = `${error.transport} port ${error.port} on ${error.host}`
    if (error.reason === 'EADDRINUSE') throw new CliError(`${where} is already in use: stop the other collector, or pass --port`)
    if (error.reason === 'EACCES') throw new CliError(`not allowed to bind ${where}: choose a port above 1023`)
    throw new CliError(error.message)
  }
  const signal = await io.stopSignal()
  log(`${signal}: flushing and closing`)
  await collector.close()
  log('closed')
}

function publicHost(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (url === undefined || !/^https?:$/.test(url.protocol)) {
    throw usageError(`invalid --public-url "${text}": expected a URL like https://upto.example.com`)
  }
  return url.hostname.replace(/^\[|\]$/g, '')
}

function allowedOrigin(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, '')) {
    throw usageError(`invalid --allow-origin "${text}": expected an origin like https://ci.example.com (scheme, name and port only)`)
  }
  return url.origin
}

/** --store, else --data, else $UPTO_STORE, else $UPTO_DATA or the default folder. */
function storeChoice(io: Io, options: ServeOptions): { data: string } | { storeUrl: string } {
  if (options.store !== undefined && options.data !== undefined) {
    throw usageError('give --data (a LevelDB folder) or --store (a postgres:// URL), not both')
  }
  const url = options.store ?? (options.data === undefined ? io.env.UPTO_STORE || undefined : undefined)
  if (url === undefined) return { data: options.data ?? defaultDataDir(io.env) }
  const from = options.store === undefined ? 'UPTO_STORE' : '--store'
  if (!isPostgresUrl(url)) {
    throw usageError(
      `invalid ${from} "${maskPassword(url)}": expected a URL like postgres://user@db.internal:5432/upto ` +
        '(a LevelDB folder goes in --data)',
    )
  }
  return { storeUrl: url }
}
