import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/** Runs `npm run rehearse` as a developer would, with its output. */
function rehearse(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'rehearse'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, out }))
  })
}

describe('npm run rehearse', () => {
  // Generous: the whole go-live, three wrangler processes and Chromium, on a machine that may be busy.
  it('takes a fresh checkout live against the LINE sandbox and a local Worker, then a customer links in Chromium', async () => {
    const { code, out } = await rehearse()
    expect(out).toMatch(/^rehearsal ok \(\d+\.\d s\)$/m)
    expect(code).toBe(0)
    expect(out).toContain("LINE's webhook test: 200 OK")
    expect(out).toMatch(/ids saved in D1/)
    expect(out).toMatch(/ID連携 in Chromium: the card shows member \d{10}/)
    // The generated secrets went to .dev.vars only.
    expect(out).not.toMatch(/k1:[A-Za-z0-9_-]{43}/)
  }, 900_000)
})
