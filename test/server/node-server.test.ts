import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNodeServer, type NodeServer } from '../../server/node-server'
import { addPoints } from '../../server/data/ledger'
import { signSession } from '../../server/session-token'
import { personaByKey } from '../../server/sandbox/personas'

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
    })
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
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
