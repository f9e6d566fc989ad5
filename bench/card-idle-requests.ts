// card-idle-requests: how many requests an open, idle member card makes per minute (QR rotation, live updates),
// counted in Chromium against the real Node server over a real-time window.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startNodeServer } from '../server/node-server'
import { launchChromium } from '../server/rehearse/chromium'
import { buildLiffApp } from './support/liff-build'
import { machineLine, table } from './support/report'

/** Seconds counted after the card has painted its QR (env BENCH_IDLE_SECONDS). */
const windowSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 180)

export async function run(): Promise<void> {
  console.log(`card-idle-requests — ${machineLine()}`)
  console.log(`sandbox build, /?persona=customer, card visible and untouched for ${windowSeconds} s after its QR shows`)
  await buildLiffApp('production')
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-bench-idle-'))
  const server = await startNodeServer({
    env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: `file:${join(dir, 'bench.db')}` },
    hostname: '127.0.0.1',
    log: () => {},
  })
  const browser = await launchChromium()
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'ja-JP' })
    const page = await context.newPage()
    let counting = false
    const counts = new Map<string, number>()
    page.on('request', (req) => {
      const url = new URL(req.url())
      if (!counting || !url.pathname.startsWith('/api/')) return
      const key = `${req.method()} ${url.pathname}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    })
    await page.goto(`${server.url}/?persona=customer`)
    await page.getByTestId('card-qr').waitFor()
    counting = true
    await page.waitForTimeout(windowSeconds * 1000)
    counting = false
    const total = [...counts.values()].reduce((a, b) => a + b, 0)
    const perMinute = (n: number) => ((n * 60) / windowSeconds).toFixed(2)
    console.log(
      table([
        ['request', 'count', 'per minute'],
        ...[...counts].map(([key, n]) => [key, n, perMinute(n)]),
        ['all /api requests', total, perMinute(total)],
      ]),
    )
    await context.close()
  } finally {
    await browser.close()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
