// upto agent: runs until SIGINT or SIGTERM. The relay when --collector or --serve is given.

import type { Io } from '../cli/io.ts'
import { CliError, usageError } from '../cli/errors.ts'
import { ListenError } from '../core/errors.ts'
import { createLogger } from '../pipeline/log.ts'
import { createCounters } from './counters.ts'
import { agentId, lockFolder } from './data-folder.ts'
import { type AgentFlags, readRelayFlags } from './flags.ts'
import { localAddress } from './local-address.ts'
import { startRelay } from './relay/relay.ts'

export async function agentCommand(io: Io, flags: AgentFlags): Promise<void> {
  const settings = readRelayFlags(flags, io.env)
  if (settings.collector === undefined && settings.serve === undefined) {
    throw usageError('upto agent needs somewhere to send: --collector URL (push to the collector) or --serve HOST:PORT (the collector pulls)')
  }
  if (settings.collector !== undefined && settings.serve !== undefined) {
    throw usageError('--collector and --serve both given: expected one way out of the buffer, push (--collector) or pull (--serve)')
  }
  const log = createLogger({ sink: (line) => io.err(`${line}\n`), now: io.now })
  const release = lockFolder(settings.dataDir)
  try {
    const id = agentId(settings.dataDir, settings.id)
    const counters = createCounters()
    let relay
    try {
      relay = await startRelay({ ...settings, agentId: id, localAddress: localAddress(), counters, log })
    } catch (error) {
      if (!(error instanceof ListenError)) throw error
      const where = `${error.transport} port ${error.port} on ${error.host}`
      if (error.reason === 'EADDRINUSE') throw new CliError(`${where} is already in use (a collector or another agent?): pass --port, or --serve HOST:PORT`)
      throw new CliError(error.message)
    }
    log.info(`agent ${id}, data folder ${settings.dataDir}`)
    const signal = await io.stopSignal()
    log.info(`${signal}: writing the buffer out and closing`)
    await relay.close()
    const { pending, droppedFull } = relay.buffer.stats()
    log.info(`closed: ${counters.received} events received, ${counters.forwarded} forwarded, ${pending} kept for the next start, ${droppedFull} dropped (buffer full)`)
  } finally {
    release()
  }
}
