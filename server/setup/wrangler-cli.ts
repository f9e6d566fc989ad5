// The real `wrangler <args>` for the setup and the doctor: run through npx, its output captured, never thrown.
import { spawn } from 'node:child_process'
import type { WranglerRun } from './doctor'

export function runWrangler(args: string[]): Promise<WranglerRun> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['wrangler', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
    child.on('error', (err) => resolve({ code: 1, stdout, stderr: err.message }))
  })
}
