// The sandbox's LINE Login: issues ES256 ID tokens for personas and publishes the JWKS that verifies them.
import { Hono } from 'hono'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import { z } from 'zod'
import { personas } from './personas'

export interface LoginSandboxOptions {
  issuer: string
  channelId: string
  now?: () => number
  /** Lifetime of issued ID tokens, seconds (LINE's are one hour). */
  ttlSeconds?: number
}

export interface IssueOptions {
  nonce?: string
  name?: string
  /** Override of issued-at, seconds since epoch (tests make expired tokens with it). */
  issuedAt?: number
  ttlSeconds?: number
  audience?: string
}

export interface LoginSandbox {
  app: Hono
  jwks: { keys: JWK[] }
  issueIdToken(lineUserId: string, options?: IssueOptions): Promise<{ idToken: string; expiresAt: string }>
  /** Signs with a new key from now on and publishes only that key, as LINE does when it rotates. */
  rotateKey(): Promise<void>
}

const idTokenRequest = z.object({
  lineUserId: z.string().regex(/^U[0-9a-f]{32}$/, 'must be a LINE user id (U + 32 hex digits)'),
  nonce: z.string().max(255).optional(),
})

export async function createLoginSandbox(options: LoginSandboxOptions): Promise<LoginSandbox> {
  const now = options.now ?? Date.now
  let kid = ''
  let privateKey: CryptoKey
  const jwks: { keys: JWK[] } = { keys: [] }
  async function rotateKey() {
    const pair = await generateKeyPair('ES256', { extractable: true })
    kid = `sandbox-${crypto.randomUUID().slice(0, 8)}`
    privateKey = pair.privateKey as CryptoKey
    jwks.keys = [{ ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' }]
  }
  await rotateKey()

  async function issueIdToken(lineUserId: string, issue: IssueOptions = {}) {
    const iat = issue.issuedAt ?? Math.floor(now() / 1000)
    const exp = iat + (issue.ttlSeconds ?? options.ttlSeconds ?? 3600)
    const persona = personas.find((p) => p.lineUserId === lineUserId)
    const claims: Record<string, unknown> = {
      name: issue.name ?? persona?.displayName ?? 'LINE User',
      amr: ['linesso'],
    }
    if (issue.nonce) claims.nonce = issue.nonce
    const idToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(options.issuer)
      .setSubject(lineUserId)
      .setAudience(issue.audience ?? options.channelId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(privateKey)
    return { idToken, expiresAt: new Date(exp * 1000).toISOString() }
  }

  const app = new Hono()
    .get('/jwks.json', (c) => c.json(jwks))
    .get('/personas', (c) => c.json(personas))
    .post('/id-token', async (c) => {
      const body = idTokenRequest.safeParse(await c.req.json().catch(() => null))
      if (!body.success) {
        return c.json(
          {
            error: {
              code: 'invalid_request',
              message: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
            },
          },
          400,
        )
      }
      return c.json(await issueIdToken(body.data.lineUserId, { nonce: body.data.nonce }))
    })

  return { app, jwks, issueIdToken, rotateKey }
}
