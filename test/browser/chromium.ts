// Headless Chromium for the browser tests: Debian's package, never a downloaded browser. Missing, the
// tests are skipped saying how to install it, and fail when CI is set (.ci/run installs it).

import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { needs } from '../helpers/needs.ts'

export const chromiumPath = process.env.UPTO_CHROMIUM ?? '/usr/bin/chromium'
/** The reason to skip a browser test, or false when Chromium is there. */
export const chromiumMissing = needs(
  'Chromium',
  existsSync(chromiumPath),
  `${chromiumPath} is not there: apt-get update && apt-get install -y chromium (or set UPTO_CHROMIUM to its path)`,
)
export const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url))

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}, and the browser tests need it. ` +
        'Install it with: apt-get update && apt-get install -y chromium (or set UPTO_CHROMIUM to its path)',
    )
  }
  mkdirSync(artifacts, { recursive: true })
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** Where a test keeps a screenshot (test-artifacts/ is not committed). */
export function artifact(name: string): string {
  return `${artifacts}${name}`
}
