// The edge of the configuration: finds and reads upto.toml, takes the environment and the flags, and
// turns every problem into one usage error (exit 2), one problem a line.

import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { TomlError, parse } from 'smol-toml'
import { usageError } from '../cli/errors.ts'
import { defaultDataDir } from '../cli/paths.ts'
import { collectorExclusive, collectorSettings } from './collector-settings.ts'
import { flagAliases } from './collector-flags.ts'
import { type Collected, envEntries, fileEntries, flagEntries } from './layers.ts'
import { type Configuration, resolveConfiguration } from './resolve.ts'
import { type SectionRegistry, noSectionTypes } from './sections.ts'

type Env = Readonly<Record<string, string | undefined>>

/** `${XDG_CONFIG_HOME:-~/.config}/upto/upto.toml`: read when it exists. */
export function defaultConfigPath(env: Env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'upto', 'upto.toml')
}

export interface LoadOptions {
  env: Env
  /** Commander's options of `upto serve` / `upto config`, `config` among them. */
  flags: Readonly<Record<string, unknown>>
  registry?: SectionRegistry
  read?: (path: string) => Promise<string>
}

export async function loadCollectorConfiguration(options: LoadOptions): Promise<Configuration> {
  const read = options.read ?? ((path: string) => readFile(path, 'utf8'))
  const chosen = typeof options.flags.config === 'string' ? options.flags.config : undefined
  const file = await readConfigFile(chosen, options.env, read)
  const layers: Collected[] = [
    ...(file === undefined ? [] : [fileEntries(file.table, file.path)]),
    envEntries(options.env),
    flagEntries(options.flags, flagAliases({ ...collectorSettings, ...options.registry?.keys })),
  ]
  const { configuration, problems } = await resolveConfiguration({
    file: file?.path,
    layers,
    settings: { ...collectorSettings, ...options.registry?.keys },
    registry: options.registry ?? noSectionTypes,
    exclusive: collectorExclusive,
    defaults: { data: defaultDataDir({ ...options.env, UPTO_DATA: undefined }) },
    read,
  })
  if (problems.length > 0) throw usageError(problemLines(problems))
  return configuration
}

/** One problem as it is; several, counted, one a line. */
export function problemLines(problems: readonly string[]): string {
  return problems.length === 1 ? problems[0]! : `${problems.length} problems in the configuration:\n  ${problems.join('\n  ')}`
}

async function readConfigFile(
  chosen: string | undefined,
  env: Env,
  read: (path: string) => Promise<string>,
): Promise<{ path: string; table: Record<string, unknown> } | undefined> {
  const path = resolve(chosen ?? defaultConfigPath(env))
  let text: string
  try {
    text = await read(path)
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message
    if (chosen === undefined && code === 'ENOENT') return undefined
    throw usageError(`cannot read ${chosen === undefined ? 'the configuration file' : '--config'} ${path} (${code}): expected a TOML file like upto.toml`)
  }
  try {
    return { path, table: parse(text) }
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    const why = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')
    throw usageError(`invalid TOML in ${path} at line ${error.line}, column ${error.column}: ${why}`)
  }
}
