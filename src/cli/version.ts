// upto's version: set by the build from package.json (scripts/build.mjs, scripts/package.mjs); read from it
// when run from source.

import { readFileSync } from 'node:fs'

declare const UPTO_VERSION: string | undefined

export function uptoVersion(): string {
  if (typeof UPTO_VERSION === 'string') return UPTO_VERSION
  const file = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}
