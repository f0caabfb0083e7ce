// upto serve: the collector, until SIGINT or SIGTERM. Its options come from the configuration
// (config/: upto.toml, UPTO__ variables, these flags).

import { loadCollectorConfiguration } from '../config/collector-configuration.ts'
import { collectorOptions } from './collector-options.ts'
import type { SectionRegistry } from '../config/sections.ts'
import { startCollector } from '../server/collector.ts'
import { ListenError } from '../core/errors.ts'
import { CliError } from '../cli/errors.ts'
import type { Io } from '../cli/io.ts'
import { growYoungGenerationAtOnce } from '../cli/young-generation.ts'
import { keepHeapWhenQuiet } from '../cli/memory-reducer.ts'

/** Commander's options: one a key of the collector's Settings (`maxStreams`), `config`, and `tokenFile`-like ones. */
export type ServeFlags = Readonly<Record<string, unknown>>

export async function serve(io: Io, flags: ServeFlags, registry: SectionRegistry): Promise<void> {
  const options = collectorOptions(await loadCollectorConfiguration({ env: io.env, flags, registry }))
  const { host, port } = options
  const log = (line: string) => io.err(`${line}\n`)
  growYoungGenerationAtOnce() // the whole process is the collector now
  keepHeapWhenQuiet()
  // asked for before starting: a SIGTERM while the collector starts stops it once started, not half-way
  const stopped = io.stopSignal()
  let collector
  try {
    collector = await startCollector({ ...options, log })
  } catch (error) {
    if (!(error instanceof ListenError)) throw error // a StoreError says what is wrong with the data folder
    const where = `${error.transport} port ${error.port} on ${error.host}`
    if (error.reason === 'EADDRINUSE') throw new CliError(`${where} is already in use: stop the other collector, or pass --port`)
    if (error.reason === 'EACCES') throw new CliError(`not allowed to bind ${where}: choose a port above 1023`)
    throw new CliError(error.message)
  }
  const signal = await stopped
  log(`${signal}: flushing and closing`)
  await collector.close()
  log('closed')
}
