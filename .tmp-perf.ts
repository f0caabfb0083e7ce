import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startCollector } from './src/server/collector.ts'

const N = Number(process.argv[2] ?? 5000) // spans: 2 messages each
const dir = mkdtempSync(join(tmpdir(), 'perf-'))
const c = await startCollector({ port: 0, data: dir, log: () => {} })
const base = `http://127.0.0.1:${c.httpPort}`
const t0 = Date.now() - 3_600_000
const events: unknown[] = []
for (let i = 0; i < N; i++) {
  const name = `stage${i % 10}.group${(i >> 4) % 20}.step${i}`
  const host = `h${i % 3}`
  events.push({ type: 'start', context: 'big', timeline: 't1', name, host, time: t0 + i * 100 })
  events.push({ type: 'end', context: 'big', timeline: 't1', name, host, time: t0 + i * 100 + 5_000, ...(i % 50 === 0 ? { status: 'error' } : {}) })
}
for (let i = 0; i < events.length; i += 1000) {
  await fetch(`${base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events.slice(i, i + 1000)) })
}
function time(path: string): Promise<{ ttfb: number; total: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    let ttfb = 0
    let bytes = 0
    request(`${base}${path}`, (res) => {
      res.once('data', () => (ttfb = performance.now() - start))
      res.on('data', (d: Buffer) => (bytes += d.length))
      res.on('end', () => resolve({ ttfb, total: performance.now() - start, bytes }))
    }).on('error', reject).end()
  })
}
await fetch(`${base}/assets/upto.js`)
for (const path of ['/c/big/t1', '/c/big/t1?part=chart', '/c/big/t1.svg', '/gantt/big/t1?format=text']) {
  const runs = []
  for (let i = 0; i < 7; i++) runs.push(await time(path))
  runs.sort((a, b) => a.total - b.total)
  const med = runs[3]!
  const ttfbs = runs.map((r) => r.ttfb).sort((a, b) => a - b)
  console.log(`${path.padEnd(26)} ttfb median ${ttfbs[3]!.toFixed(1)} ms  total median ${med.total.toFixed(1)} ms  ${(med.bytes / 1e6).toFixed(2)} MB`)
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] })
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } }); page.on("console", (m) => console.log("  page:", m.text()))
  const start = Date.now()
  await page.goto(`${base}/c/big/t1`)
  await page.waitForSelector('svg.upto-gantt .cursor-g', { state: 'attached', timeout: 60_000 })
  const interactive = Date.now() - start
  const t = Date.now()
  await page.keyboard.press('Tab')
  await page.locator('.bar').first().focus()
  await page.keyboard.press('+')
  await page.evaluate('new Promise(r => requestAnimationFrame(() => r(1)))')
  const zoom = Date.now() - t
  const nav = await page.evaluate('JSON.stringify(performance.getEntriesByType("navigation")[0].toJSON())')
  const n = JSON.parse(nav as string)
  console.log(`browser: responseStart ${n.responseStart.toFixed(0)} ms, DOMContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)} ms, interactive (script mounted) ${interactive} ms, one zoom step ${zoom} ms`)
  await page.close()
}
await browser.close()
await c.close()
rmSync(dir, { recursive: true, force: true })
