// From the configuration to what startCollector takes, with the checks the Settings' types cannot say: a
// PostgreSQL URL, secrets long enough, URLs and origins of the right shape. Every problem at once.

import type { SizeFloor } from '../core/byte-size.ts'
import { usageError } from '../cli/errors.ts'
import { secretProblem } from '../cli/secrets.ts'
import type { CollectorOptions } from '../server/collector.ts'
import { isPostgresUrl } from '../store/postgres-url.ts'
import type { Resolved } from '../config/check.ts'
import { problemLines } from '../config/collector-configuration.ts'
import { collectorSettings } from '../config/collector-settings.ts'
import { maskUrlPassword } from '../config/mask.ts'
import { invalid, subjectOf, suffixOf } from '../config/origin.ts'
import type { Configuration } from '../config/resolve.ts'
import { configuredSink, configuredSources } from '../config/sections.ts'

export type ConfiguredCollector = Omit<CollectorOptions, 'log'> & { host: string; port: number; udpPort: number; httpPort: number }

export function collectorOptions(configuration: Configuration): ConfiguredCollector {
  const given = configuration.collector
  const problems: string[] = []
  const value = <T>(key: string): T | undefined => given[key]?.value as T | undefined
  const port = value<number>('port')!
  const store = given.store
  if (store !== undefined && !isPostgresUrl(store.value as string)) {
    problems.push(invalid('store', store.origin, JSON.stringify(maskUrlPassword(store.value as string)), collectorSettings.store!.expected!))
  }
  const secret = (key: string) => {
    const resolved = given[key]
    const problem = resolved && secretProblem(resolved.value as string, subjectOf(key, resolved.origin) + suffixOf(resolved.origin))
    if (problem !== undefined) problems.push(problem)
    return resolved?.value as string | undefined
  }
  const [token, readToken, udpKey] = [secret('token'), secret('read_token'), secret('udp_key')]
  const publicHosts = each(given.public_url, 'public_url', problems, publicHost, 'a URL like https://upto.example.com')
  const allowOrigins = each(given.allow_origin, 'allow_origin', problems, allowedOrigin, 'an origin like https://ci.example.com (scheme, name and port only)')
  if (problems.length > 0) throw usageError(problemLines(problems))
  // the facets' own keys: those the configuration has beside the collector's
  const facetSettings = Object.fromEntries(Object.keys(configuration.settings)
    .filter((key) => !(key in collectorSettings) && given[key] !== undefined).map((key) => [key, given[key]!.value]))
  const optional = <K extends keyof CollectorOptions>(name: K, key: string) =>
    given[key] === undefined ? {} : ({ [name]: given[key].value } as Pick<CollectorOptions, K>)
  return {
    host: value<string>('host')!,
    port,
    udpPort: value<number>('udp_port') ?? port,
    httpPort: value<number>('http_port') ?? port,
    ...(store === undefined ? { data: value<string>('data')! } : { storeUrl: store.value as string }),
    ...(token === undefined ? {} : { token }),
    ...(readToken === undefined ? {} : { readToken }),
    ...(udpKey === undefined ? {} : { udpKey }),
    ...optional('retainMs', 'retain'),
    ...optional('staleMs', 'stale'),
    sync: value<'acknowledged' | 'always' | 'never'>('sync')!,
    ...(given.min_free === undefined ? {} : { minFree: value<SizeFloor>('min_free')! }),
    ...optional('maxStreams', 'max_streams'),
    ...optional('maxBodyBytesInFlight', 'max_body_bytes_in_flight'),
    origins: { publicHosts, allowOrigins },
    ...(Object.keys(facetSettings).length === 0 ? {} : { facetSettings }),
    sources: configuredSources(configuration.sources),
    sinks: configuration.sinks.map(configuredSink),
  }
}

/** Each item of a list through `check` (undefined when it does not fit), naming the item refused. */
function each(
  resolved: Resolved | undefined,
  key: string,
  problems: string[],
  check: (text: string) => string | undefined,
  expected: string,
): string[] {
  const items = (resolved?.value as string[] | undefined) ?? []
  return items.flatMap((item) => {
    const checked = check(item)
    if (checked === undefined) problems.push(invalid(key, resolved!.origin, JSON.stringify(item), expected))
    return checked === undefined ? [] : [checked]
  })
}

function publicHost(text: string): string | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (url === undefined || !/^https?:$/.test(url.protocol)) return undefined
  return url.hostname.replace(/^\[|\]$/g, '')
}

function allowedOrigin(text: string): string | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, '')) return undefined
  return url.origin
}
