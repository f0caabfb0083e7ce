// The connection to NATS. The first connection is awaited, so a wrong URL or credentials stop the source
// at start-up with the reason; after that the library reconnects for ever, and what happens to the
// connection is logged (rate-limited), never thrown.

import { type ConnectionOptions, type NatsConnection, connect } from '@nats-io/transport-node'
import { type Logger, errorMessage } from '../../pipeline/log.ts'
import { type NatsOptions, maskUrl } from './settings.ts'
import { UptoError } from '../../core/errors.ts'

/** Could not connect, or could not set up the stream and consumer: the source does not start. */
export class NatsStartError extends UptoError {
  override name = 'NatsStartError'

  constructor(message: string, options?: { cause?: unknown }) {
    super('failure', message, options)
  }
}

export async function connectNats(source: string, options: NatsOptions, log: Logger): Promise<NatsConnection> {
  const shown = options.servers.map(maskUrl).join(',')
  const settings: ConnectionOptions = {
    servers: options.servers,
    name: `upto ${source}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
  }
  if (options.user !== undefined) settings.user = options.user
  if (options.password !== undefined) settings.pass = options.password
  if (options.token !== undefined) settings.token = options.token
  let nc: NatsConnection
  try {
    nc = await connect(settings)
  } catch (error) {
    throw new NatsStartError(`[sources.${source}] could not connect to NATS at ${shown}: ${errorMessage(error)}`, { cause: error })
  }
  void watch(source, nc, log)
  return nc
}

/** Logs the connection's ups and downs until it closes. */
async function watch(source: string, nc: NatsConnection, log: Logger): Promise<void> {
  try {
    for await (const status of nc.status()) {
      switch (status.type) {
        case 'disconnect':
          log.limited('warn', `${source} nats disconnect`, `${source}: disconnected from NATS at ${maskUrl(status.server)}; reconnecting`)
          break
        case 'reconnect':
          log.limited('info', `${source} nats reconnect`, `${source}: reconnected to NATS at ${maskUrl(status.server)}`)
          break
        case 'error':
          log.limited('error', `${source} nats error`, `${source}: NATS: ${errorMessage(status.error)}`)
          break
        case 'slowConsumer':
          log.limited('warn', `${source} nats slow`, `${source}: NATS says this collector reads too slowly (${status.pending} pending)`)
          break
        default:
      }
    }
  } catch (error) {
    log.error(`${source}: NATS status: ${errorMessage(error)}`)
  }
}
