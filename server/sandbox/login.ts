// The sandbox's LINE Login: issues ES256 ID tokens for personas and publishes the JWKS that verifies them, and opens
// the LIFF app the way LINE does (`/launch`: the app's URL with the persona's credentials in the fragment).
import { Hono } from 'hono'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import { z } from 'zod'
import { errorBody } from '../errors'
import { createPersonaRegistry, type PersonaRegistry } from './personas'

export interface LoginSandboxOptions {
  issuer: string
  channelId: string
  now?: () => number
  /** Lifetime of issued ID tokens, seconds (LINE's are one hour). */
  ttlSeconds?: number
  /** Who can log in; a new registry of the seeded personas when not given. */
  personas?: PersonaRegistry
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
  personas: PersonaRegistry
  issueIdToken(lineUserId: string, options?: IssueOptions): Promise<{ idToken: string; expiresAt: string }>
  /** Signs with a new key from now on and publishes only that key, as LINE does when it rotates. */
  rotateKey(): Promise<void>
}

const idTokenRequest = z.object({
  lineUserId: z.string().regex(/^U[0-9a-f]{32}$/, 'must be a LINE user id (U + 32 hex digits)'),
  nonce: z.string().max(255).optional(),
})

const launchRequest = (personas: PersonaRegistry) =>
  z.object({
    persona: z.string().refine((key) => personas.byKey(key) !== undefined, 'must be a sandbox persona key'),
    // A path of this site: not `//host` or `/\host`, which browsers read as another site.
    path: z
      .string()
      .regex(/^\/(?![/\\])[^\s#]*$/, 'must be a path of this site, starting with one /')
      .default('/'),
  })

function invalidRequest(issues: z.core.$ZodIssue[]) {
  return errorBody('invalid_request', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
}

export async function createLoginSandbox(options: LoginSandboxOptions): Promise<LoginSandbox> {
  const now = options.now ?? Date.now
  const personas = options.personas ?? createPersonaRegistry()
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
    const persona = personas.byUserId(lineUserId)
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
    .get('/personas', (c) => c.json(personas.all()))
    .post('/id-token', async (c) => {
      const body = idTokenRequest.safeParse(await c.req.json().catch(() => null))
      if (!body.success) return c.json(invalidRequest(body.error.issues), 400)
      return c.json(await issueIdToken(body.data.lineUserId, { nonce: body.data.nonce }))
    })
    // What opening a LIFF URL inside LINE does: LINE sends the app's endpoint URL the user's credentials in the
    // fragment, which LIFF reads (index.html's launch script too). The access token is opaque here; nothing calls
    // LINE with it.
    .get('/launch', async (c) => {
      const query = launchRequest(personas).safeParse(c.req.query())
      if (!query.success) return c.json(invalidRequest(query.error.issues), 400)
      const persona = personas.byKey(query.data.persona)!
      const { idToken } = await issueIdToken(persona.lineUserId)
      const credentials = new URLSearchParams({
        access_token: `sandbox-${crypto.randomUUID()}`,
        id_token: idToken,
      })
      return c.redirect(`${query.data.path}#${credentials}`, 302)
    })

  return { app, jwks, personas, issueIdToken, rotateKey }
}
