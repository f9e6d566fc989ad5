// Plays LINE's LIFF server API and the stateless channel access token it needs: what `npm run setup` calls to create
// or update the shop's LIFF app on its LINE Login channel. Request bodies are checked against LINE's spec.
import { Hono, type Context } from 'hono'
import { bodyMethods, limitBody, sandboxBodyLimitBytes } from '../middleware/body-limit'
import { schemaCheck } from './line-openapi/schema-validator'
import { bodyErrors, lineError, randomToken, readJson } from './messaging/context'

export interface LiffApp {
  liffId: string
  view: { type: 'compact' | 'tall' | 'full'; url: string; moduleMode?: boolean }
  description?: string
  features?: { ble?: boolean; qrCode?: boolean }
  permanentLinkPattern?: string
  scope?: string[]
  botPrompt?: 'normal' | 'aggressive' | 'none'
}

export interface LiffServerSandboxOptions {
  loginChannelId: string
  loginChannelSecret: string
  now?: () => number
}

export interface LiffServerSandbox {
  /** Serves `/oauth2/v3/token` and `/liff/v1/apps*`, as api.line.me does. */
  app: Hono
  /** The channel's LIFF apps by id. */
  apps: Map<string, LiffApp>
}

/** LINE keeps a LINE Login channel to 30 LIFF apps. */
const maxApps = 30
/** Stateless channel access tokens live 15 minutes. */
const tokenTtlSeconds = 900

/**
 * LINE takes only https endpoint URLs. The sandbox also takes http on loopback, where the local rehearsal serves the
 * app: that is the one place it is more lenient than LINE.
 */
function endpointProblem(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'view.url must be an absolute URL'
  }
  if (parsed.hash) return "view.url can't contain a URL fragment"
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)
  if (parsed.protocol !== 'https:' && !(loopback && parsed.protocol === 'http:')) return 'view.url must use https'
  return null
}

export function createLiffServerSandbox(options: LiffServerSandboxOptions): LiffServerSandbox {
  const now = options.now ?? Date.now
  const apps = new Map<string, LiffApp>()
  const tokens = new Map<string, number>()

  function authorized(c: Context): boolean {
    const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1]
    const expiresAt = token ? tokens.get(token) : undefined
    return expiresAt !== undefined && expiresAt > now()
  }

  const app = new Hono()
  app.on(bodyMethods, '*', limitBody(sandboxBodyLimitBytes))
  app.post('/oauth2/v3/token', async (c) => {
    const form = new URLSearchParams(await c.req.text())
    if (form.get('grant_type') !== 'client_credentials') {
      return c.json(
        { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' },
        400,
      )
    }
    if (form.get('client_id') !== options.loginChannelId || form.get('client_secret') !== options.loginChannelSecret) {
      return c.json({ error: 'invalid_client', error_description: 'invalid client_id or client_secret' }, 400)
    }
    const accessToken = randomToken(32)
    tokens.set(accessToken, now() + tokenTtlSeconds * 1000)
    return c.json({ token_type: 'Bearer', access_token: accessToken, expires_in: tokenTtlSeconds })
  })

  app.use('/liff/*', async (c, next) => {
    if (!authorized(c)) return lineError(c, 401, 'Authentication failed.')
    await next()
  })

  app.get('/liff/v1/apps', (c) =>
    apps.size === 0 ? lineError(c, 404, 'There is no LIFF app on the channel.') : c.json({ apps: [...apps.values()] }),
  )

  app.post('/liff/v1/apps', async (c) => {
    const parsed = await readJson(c)
    if (!parsed.ok) return parsed.response
    const issues = schemaCheck('liff', 'AddLiffAppRequest')(parsed.value)
    if (issues.length) return bodyErrors(c, issues)
    const body = parsed.value as Omit<LiffApp, 'liffId'>
    const problem = endpointProblem(body.view.url)
    if (problem) return lineError(c, 400, problem)
    if (apps.size >= maxApps) return lineError(c, 400, 'The maximum number of LIFF apps has been reached.')
    const liffId = `${options.loginChannelId}-${randomToken(6).replace(/[^A-Za-z0-9]/g, 'x')}`
    apps.set(liffId, { liffId, ...body })
    return c.json({ liffId })
  })

  app.put('/liff/v1/apps/:liffId', async (c) => {
    const existing = apps.get(c.req.param('liffId'))
    if (!existing) return lineError(c, 404, 'The LIFF app does not exist.')
    const parsed = await readJson(c)
    if (!parsed.ok) return parsed.response
    const issues = schemaCheck('liff', 'UpdateLiffAppRequest')(parsed.value)
    if (issues.length) return bodyErrors(c, issues)
    const body = parsed.value as Partial<Omit<LiffApp, 'liffId'>>
    const view = { ...existing.view, ...body.view }
    const problem = endpointProblem(view.url)
    if (problem) return lineError(c, 400, problem)
    apps.set(existing.liffId, { ...existing, ...body, view })
    return c.json({})
  })

  app.delete('/liff/v1/apps/:liffId', (c) =>
    apps.delete(c.req.param('liffId')) ? c.json({}) : lineError(c, 404, 'The LIFF app does not exist.'),
  )

  return { app, apps }
}
