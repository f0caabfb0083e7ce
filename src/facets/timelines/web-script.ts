// The browser script of the pages, from a fixed in-memory string: the build inlines the bundle of
// web/ (scripts/build.mjs defines UPTO_WEB_SCRIPT); run from source (tests, tsx) it is bundled
// once on first use with esbuild, so it is never stale. No URL ever reaches the filesystem.

import { createHash } from 'node:crypto'

declare const UPTO_WEB_SCRIPT: string | undefined

export interface WebScript {
  code: string
  etag: string
}

let loading: Promise<WebScript> | undefined

export function webScript(): Promise<WebScript> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

async function load(): Promise<WebScript> {
  const code = typeof UPTO_WEB_SCRIPT === 'string' ? UPTO_WEB_SCRIPT : await bundleFromSource()
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 16)}"` }
}

async function bundleFromSource(): Promise<string> {
  // Not a literal: the build must not follow this import into esbuild itself.
  const helper = new URL('../../../scripts/web-bundle.mjs', import.meta.url).href
  const { bundleWebScript } = (await import(helper)) as { bundleWebScript: () => Promise<string> }
  return bundleWebScript()
}
