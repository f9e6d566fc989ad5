// The rehearsal's "deployment": the Worker under `wrangler dev` (workerd, local D1 in the rehearsal's directory), its
// output kept in a log file, started and stopped as one process group so workerd never outlives it.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, openSync, readFileSync } from 'node:fs'
import { wranglerCli } from '../cli/local-d1'

export interface LocalWorker {
  origin: string
  running(): boolean
  /** Starts the Worker (again, when it runs: it then reads its .dev.vars anew) and waits until it answers. */
  start(): Promise<void>
  stop(): Promise<void>
  /** The last lines wrangler printed, for a failure message. */
  tail(): string
}

export interface LocalWorkerOptions {
  configPath: string
  persistTo: string
  port: number
  logPath: string
  /** How long wrangler may take to answer /healthz; generous, a busy machine is slow. */
  readyTimeoutMs?: number
}

export function localWorker(options: LocalWorkerOptions): LocalWorker {
  const origin = `http://127.0.0.1:${options.port}`
  let child: ChildProcess | null = null
  const tail = () =>
    (existsSync(options.logPath) ? readFileSync(options.logPath, 'utf8') : '')
      .split('\n')
      .filter((l) => l.trim())
      .slice(-15)
      .join('\n')

  async function stop(): Promise<void> {
    const running = child
    child = null
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    try {
      process.kill(-running.pid!, 'SIGTERM')
    } catch {
      return
    }
    const killed = setTimeout(() => {
      try {
        process.kill(-running.pid!, 'SIGKILL')
      } catch {
        // gone already
      }
    }, 10_000)
    await exited
    clearTimeout(killed)
  }

  async function start(): Promise<void> {
    await stop()
    const log = openSync(options.logPath, 'a')
    const args = [
      wranglerCli,
      'dev',
      '--config',
      options.configPath,
      '--persist-to',
      options.persistTo,
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--show-interactive-dev-session=false',
    ]
    const started = spawn(process.execPath, args, { stdio: ['ignore', log, log], detached: true })
    child = started
    const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000)
    while (Date.now() < deadline) {
      if (started.exitCode !== null) throw new Error(`wrangler dev exited (${started.exitCode}):\n${tail()}`)
      const health = await fetch(`${origin}/healthz`).catch(() => null)
      if (health?.ok) return
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    throw new Error(`the local Worker did not answer ${origin}/healthz in time:\n${tail()}`)
  }

  return { origin, running: () => child !== null && child.exitCode === null, start, stop, tail }
}
