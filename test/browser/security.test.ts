// The pages in real headless Chromium under the collector's security headers: logging in with the read
// token at the browser's prompt works, and every page still draws and runs its script under the
// Content-Security-Policy (no inline style or script is refused).

import assert from 'node:assert/strict'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { type Collector, startCollector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { chromiumMissing, launchChromium } from './chromium.ts'
import { type Served, serve } from './seed.ts'

const T = Date.now() - 600_000
const run = (timeline: string, s: number, length: number, status = 'ok') => [
  { type: 'start', context: 'ci', timeline, name: 'build.compile', host: 'ci', time: T + s * 1_000 },
  { type: 'end', context: 'ci', timeline, name: 'build.compile', host: 'ci', time: T + (s + length) * 1_000, status },
  { type: 'mark', context: 'ci', timeline, name: 'build.tagged', host: 'ci', time: T + (s + length) * 1_000 },
]

let browser: Browser
before(async () => {
  if (!chromiumMissing) browser = await launchChromium()
})
after(async () => browser?.close())

describe('logging in with --read-token in Chromium', { skip: chromiumMissing }, () => {
  const token = 'read-token-0123456789abcdef'
  let collector: Collector
  before(async () => {
    collector = await startCollector({ port: 0, store: createMemoryStore(), readToken: token, token: `${token}-write`, log: () => {} })
  })
  after(() => collector.close())

  test('answers one WWW-Authenticate header per challenge', async () => {
    const res = await fetch(`http://127.0.0.1:${collector.httpPort}/`)
    assert.equal(res.status, 401)
    // fetch joins repeated headers: the raw lines are what Chromium reads
    const raw = await rawHead(collector.httpPort, '/')
    assert.deepEqual(raw.filter((l) => /^www-authenticate:/i.test(l)), [
      'www-authenticate: Bearer realm="upto"',
      'www-authenticate: Basic realm="upto", charset="UTF-8"',
    ])
  })

  test('shows the pages once the token is given at the prompt, and refuses a wrong one', async () => {
    const good = await browser.newContext({ httpCredentials: { username: 'me', password: token } })
    const page = await good.newPage()
    const answer = await page.goto(`http://127.0.0.1:${collector.httpPort}/`)
    assert.equal(answer?.status(), 200)
    await page.waitForSelector('html.js') // the script loaded with the same credentials
    await good.close()

    const bad = await browser.newContext({ httpCredentials: { username: 'me', password: 'not-the-token-at-all' } })
    const refused = await (await bad.newPage()).goto(`http://127.0.0.1:${collector.httpPort}/`)
    assert.equal(refused?.status(), 401)
    await bad.close()
  })
})

describe('the pages under the Content-Security-Policy', { skip: chromiumMissing }, () => {
  let served: Served
  before(async () => {
    served = await serve()
    await served.send([...run('b1', 0, 40), ...run('b2', 100, 55, 'error')])
  })
  after(() => served?.close())

  async function open(path: string): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } })
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
    })
    page.on('pageerror', (e) => violations.push(String(e)))
    const answer = await page.goto(`${served.base}${path}`)
    assert.equal(answer?.status(), 200, path)
    const headers = answer!.headers()
    assert.match(headers['content-security-policy'] ?? '', /default-src 'self'/)
    assert.equal(headers['x-content-type-options'], 'nosniff')
    assert.equal(headers['x-frame-options'], 'DENY')
    assert.equal(headers['referrer-policy'], 'same-origin')
    return { page, violations }
  }

  for (const [path, script] of [['/', true], ['/c/ci', true], ['/c/ci/b2', true], ['/compare/ci', false]] as const) {
    test(`${path} draws with its styles${script ? ' and runs its script' : ''}, nothing refused`, async () => {
      const { page, violations } = await open(path)
      if (script) await page.waitForSelector('html.js')
      // the stylesheet applied: the body's margin and font are the page's, not the browser's defaults
      const font = await page.evaluate('getComputedStyle(document.body).fontFamily')
      assert.doesNotMatch(String(font), /^"?Times/, `${path} has its own font (${font})`)
      assert.deepEqual(violations, [])
      await page.close()
    })
  }

  test('the chart keeps the colours of its stylesheet, and its tooltip works', async () => {
    const { page, violations } = await open('/c/ci/b2')
    const bar = page.locator('svg.upto-gantt g.row[data-name="build.compile"] rect[data-start]').first()
    const fill = await bar.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).fill)
    assert.notEqual(fill, 'rgb(0, 0, 0)', 'a bar is coloured by the chart CSS, not black')
    await bar.hover()
    await page.locator('#tip').waitFor({ state: 'visible' })
    assert.deepEqual(violations, [])
    await page.close()
  })
})

/** The raw lines of a response head, as a browser reads them. */
async function rawHead(port: number, path: string): Promise<string[]> {
  const { connect } = await import('node:net')
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n\r\n`))
    let text = ''
    socket.on('data', (chunk) => (text += chunk))
    socket.on('end', () => resolve(text.split('\r\n\r\n')[0]!.split('\r\n')))
    socket.on('error', reject)
  })
}

describe('a page of another site, opened in Chromium', { skip: chromiumMissing }, () => {
  let served: Served
  let foreign: Server
  let foreignBase: string
  before(async () => {
    served = await serve()
    const target = `${served.base}/api/events`
    // what a hostile page can do without the collector's leave: a no-cors fetch, a Blob with no type, a text/plain form
    const page = `<!doctype html><title>elsewhere</title>
<form id="f" method="POST" action="${target}" enctype="text/plain"><input name="start evil form x" value="1"></form>
<script>
const post = (body) => fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', body }).catch(() => {})
post('start evil fetch').then(() => post(new Blob(['{"type":"start","context":"evil","name":"blob"}']))).then(() => document.getElementById('f').submit())
</script>`
    foreign = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page))
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve))
    foreignBase = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`
  })
  after(async () => {
    await served?.close()
    foreign?.close()
  })

  test('writes nothing into a collector without --token, whatever it sends', async () => {
    const page = await browser.newPage()
    const landed = page.waitForURL(`${served.base}/api/events`)
    await page.goto(`${foreignBase}/`)
    await landed // the form was sent: every request has been answered
    assert.match((await page.textContent('body')) ?? '', /a write from a page of http:\/\/127\.0\.0\.1:\d+ is refused/)
    await page.close()
    const answer = (await (await fetch(`${served.base}/api/contexts`)).json()) as { contexts: unknown[] }
    assert.deepEqual(answer.contexts, [])
  })
})
