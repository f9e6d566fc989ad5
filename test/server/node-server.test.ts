import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { connect, createServer } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatabaseUnavailableError } from '../../db/connect'
import { startNodeServer, type NodeServer } from '../../server/node-server'
import { addPoints } from '../../server/data/ledger'
import { signSession } from '../../server/session-token'
import { personaByKey } from '../../server/sandbox/personas'
import { serveOnLoopback, type Served } from '../support/serve'

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')

// The card over real HTTP on the Node server (its adapter, the embedded file database and the card cache together).
describe('Node server: the member card over HTTP', () => {
  let dir: string
  let server: NodeServer
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-node-'))
    server = await startNodeServer({
      env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: `file:${join(dir, 'node.db')}` },
      hostname: '127.0.0.1',
      serveApp: false,
      jobIntervalMs: 0,
      log: (line) => lines.push(line),
    })
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const lines: string[] = []

  it('writes one JSON access line per request and answers X-Request-Id', async () => {
    const from = lines.length
    const res = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/api/nope?token=secret`)
    expect(res.status).toBe(404)
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(lines.slice(from).map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ requestId: id, method: 'GET', path: '/api/nope', status: 404 }),
    ])
  })

  it('answers every read in full, with fresh tokens, and a write on the very next read', async () => {
    const { token } = signSession(server.config.sessionSecret, personaByKey('customer')!, new Date())
    const url = `${server.url.replace('localhost', '127.0.0.1')}/api/card`
    const read = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/json')
      const text = await res.text()
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text))
      return JSON.parse(text) as { member: { balance: number }; token: { value: string } }
    }
    // In parallel and in turn: kept cards, each answer with its own length and token.
    const cards = [...(await Promise.all([read(), read(), read()])), await read(), await read()]
    expect(new Set(cards.map((c) => c.token.value)).size).toBe(cards.length)
    const balance = cards[0]!.member.balance
    expect(cards.every((c) => c.member.balance === balance)).toBe(true)

    const expiresAt = new Date(Date.now() + 365 * 86_400_000)
    await addPoints(
      server.deps.db,
      { memberId: 1, idempotencyKey: 'node-test', actor: 't', points: 7, expiresAt },
      new Date(),
    )
    expect((await read()).member.balance).toBe(balance + 7)
  })
})

/** Whether a TCP connection to `host:port` is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

describe('Node server: the address it listens on', () => {
  const externalIpv4 = Object.values(networkInterfaces())
    .flat()
    .find((i) => i?.family === 'IPv4' && !i.internal)?.address

  async function start(env: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-host-'))
    const server = await startNodeServer({
      env: { PORT: '0', DATABASE_URL: `file:${join(dir, 'node.db')}`, ...env },
      serveApp: false,
      seed: false,
      jobIntervalMs: 0,
    })
    return {
      server,
      close: async () => {
        await server.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }

  for (const [name, env] of [
    ['by default in sandbox mode', { LINE_SANDBOX: 'on' }],
    ['with HOST=127.0.0.1', { LINE_SANDBOX: 'on', HOST: '127.0.0.1' }],
  ] as const) {
    it(`listens on loopback only ${name}`, async () => {
      const { server, close } = await start(env)
      try {
        expect(server.address.address).toBe('127.0.0.1')
        expect(await accepts('127.0.0.1', server.address.port)).toBe(true)
        // A machine with no address but loopback has nothing more to refuse.
        if (externalIpv4) expect(await accepts(externalIpv4, server.address.port)).toBe(false)
      } finally {
        await close()
      }
    })
  }

  it('listens on every address when HOST=0.0.0.0 exposes the sandbox on purpose', async () => {
    const { server, close } = await start({ LINE_SANDBOX: 'on', HOST: '0.0.0.0' })
    try {
      expect(server.address.address).toBe('0.0.0.0')
      expect(server.config.sandboxExposed).toBe(true)
      if (externalIpv4) expect(await accepts(externalIpv4, server.address.port)).toBe(true)
    } finally {
      await close()
    }
  })
})

describe('Node server: a database it cannot use', () => {
  let refusing: Served
  beforeAll(async () => {
    refusing = await serveOnLoopback(() => new Response('Unauthorized', { status: 401 }))
  })
  afterAll(() => refusing.close())
  const env = (extra: Record<string, string>) => ({ LINE_SANDBOX: 'on', PORT: '0', ...extra })

  it('stops at start with one sentence naming the setting, and frees its port', async () => {
    const free = await serveOnLoopback(() => new Response())
    const port = new URL(free.url).port
    await free.close()
    const started = startNodeServer({
      env: { ...env({ DATABASE_URL: refusing.url, DATABASE_AUTH_TOKEN: 'expired-token' }), PORT: port },
      hostname: '127.0.0.1',
      serveApp: false,
      jobIntervalMs: 0,
    })
    const err = await started.then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(DatabaseUnavailableError)
    expect((err as Error).message).toMatch(/^DATABASE_AUTH_TOKEN was refused by 127\.0\.0\.1:\d+ \(HTTP 401\)/)
    const again = createServer()
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(Number(port), '127.0.0.1', resolve))
    await new Promise((resolve) => again.close(resolve))
  })

  it('`npm start`’s entry prints only that sentence and exits 1', async () => {
    const child = spawn(process.execPath, [tsxCli, 'server/node.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, ...env({ DATABASE_URL: refusing.url, DATABASE_AUTH_TOKEN: 'expired-token' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^DATABASE_AUTH_TOKEN was refused by 127\.0\.0\.1:\d+ \(HTTP 401\): set a valid token/),
    ])
    expect(stderr).not.toContain('expired-token')
  })
})
