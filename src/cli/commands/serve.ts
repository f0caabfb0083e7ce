// upto serve: the collector, until SIGINT or SIGTERM. Its options come from the configuration
// (config/: upto.toml, UPTO__ variables, these flags).

import { loadCollectorConfiguration } from '../../config/collector-configuration.ts'
import { collectorOptions } from '../../config/collector-options.ts'
import { type SectionRegistry, noSectionTypes } from '../../config/sections.ts'
import { startCollector } from '../../server/collector.ts'
import { StoreError } from '../../store/errors.ts'
import { CliError } from '../errors.ts'
import type { Io } from '../io.ts'

/** Commander's options: one a key of the collector's Settings (`maxStreams`), `config`, and `tokenFile`-like ones. */
export type ServeFlags = Readonly<Record<string, unknown>>

export async function serve(io: Io, flags: ServeFlags, sectionTypes: SectionRegistry = noSectionTypes): Promise<void> {
  const options = collectorOptions(await loadCollectorConfiguration({ env: io.env, flags, registry: sectionTypes }))
  const { host, port } = options
  const log = (line: string) => io.err(`${line}\n`)
  let collector
  try {
    collector = await startCollector({ ...options, log })
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(error.message)
    const code = (error as { code?: string }).code
    if (code === 'EADDRINUSE') {
      throw new CliError(`port ${port} on ${host} is already in use: stop the other collector, or pass --port`)
    }
    if (code === 'EACCES') throw new CliError(`not allowed to bind ${host}:${port}: choose a port above 1023`)
    throw error
  }
  const signal = await io.stopSignal()
  log(`${signal}: flushing and closing`)
  await collector.close()
  log('closed')
}
