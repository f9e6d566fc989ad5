// The Node server in a process of its own for body-limits: answers its URL, then its memory whenever asked.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startNodeServer } from '../../server/node-server'

export interface ServerMemory {
  rss: number
  /** Peak resident set size since the process started (resourceUsage's maxRSS is in KiB). */
  maxRss: number
}

const memory = (): ServerMemory => ({ rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024 })

const dir = mkdtempSync(join(tmpdir(), 'tsunagu-body-limits-'))
const server = await startNodeServer({
  env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: `file:${join(dir, 'bench.db')}` },
  serveApp: false,
  jobIntervalMs: 0,
})
process.on('message', (message) => {
  if (message === 'memory') process.send!(memory())
  if (message === 'stop')
    void server.close().then(() => {
      rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    })
})
process.send!({ url: `http://127.0.0.1:${server.address.port}`, ...memory() })
