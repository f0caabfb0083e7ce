import type { Page } from 'playwright-core'

/**
 * Polls an expression in the page until it is true. Not page.waitForFunction with a string: that evaluates it
 * with eval inside the page, which the pages' Content-Security-Policy refuses.
 */
export async function until(page: Page, expression: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`still false after ${ms} ms: ${expression}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
