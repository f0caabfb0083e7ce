// Configurations loaded from files held in memory, with a registry of made-up source and sink types.

import { loadCollectorConfiguration } from '../../src/config/collector-configuration.ts'
import { collectorOptions } from '../../src/commands/collector-options.ts'
import type { Configuration } from '../../src/config/resolve.ts'
import type { SectionRegistry } from '../../src/config/sections.ts'

export const registry: SectionRegistry = {
  sources: {
    nats: {
      url: { type: 'url', description: 'the NATS server', required: true },
      subject: { type: 'string', description: 'the subject to read', default: 'upto.>' },
      password: { type: 'string', description: 'the NATS password', secret: true },
    },
    folder: { path: { type: 'string', description: 'the folder to watch', required: true } },
  },
  sinks: {
    stdout: { pretty: { type: 'boolean', description: 'indented JSON', default: false } },
    http: { url: { type: 'url', description: 'where to POST', required: true }, timeout: { type: 'duration', description: 'per request', default: '5s' } },
  },
}

export const configPath = '/etc/upto/upto.toml'

/** `files` by path; the configuration file is `configPath` unless `flags.config` says otherwise. */
export function load(
  options: { files?: Record<string, string>; env?: Record<string, string>; flags?: Record<string, unknown> } = {},
): Promise<Configuration> {
  const files = options.files ?? {}
  return loadCollectorConfiguration({
    env: { HOME: '/home/ci', ...options.env },
    flags: { config: Object.keys(files).includes(configPath) ? configPath : undefined, ...options.flags },
    registry,
    read: async (path) => {
      const text = files[path]
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
      return text
    },
  })
}

/** The problems upto serve refuses a configuration with, one a line (without the count line when there are several). */
export async function refusals(options: Parameters<typeof load>[0]): Promise<string[]> {
  try {
    collectorOptions(await load(options))
  } catch (error) {
    const lines = (error as Error).message.split('\n')
    return lines.length === 1 ? lines : lines.slice(1).map((line) => line.trim())
  }
  throw new Error('the configuration was accepted')
}
