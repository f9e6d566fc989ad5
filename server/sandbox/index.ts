// The whole LINE sandbox as one Hono app: Messaging API (/line), inbox (/inbox), webhook trigger (/webhook), login.
import { createHash } from 'node:crypto'
import { Hono, type Env } from 'hono'
import { html } from 'hono/html'
import { bodyMethods, limitBody, sandboxBodyLimitBytes } from '../middleware/body-limit'
import { serverPageHeaders } from '../security-headers'
import { createAccountLinkDialog } from './account-link'
import { sandboxChannel, type Config } from '../config'
import { createInbox } from './inbox'
import { createLiffServerSandbox, type LiffServerSandbox } from './liff-server'
import { submitOnChange } from './inbox/page'
import { createLoginSandbox, type LoginSandbox } from './login'
import { createMessagingSandbox, type MessagingSandbox } from './messaging'
import type { Persona } from './personas'
import { createWebhookApp, createWebhookSender, type WebhookSender } from './webhook-sender'

export interface SandboxOptions {
  /** The server's public URL; webhook events go to `${publicUrl}/webhook/line`. */
  publicUrl: string
  /** Where `app` is mounted (the Node server mounts it at `${publicUrl}/sandbox`). */
  sandboxUrl: string
  channelAccessToken: string
  channelSecret: string
  /** The login sandbox (ID tokens, JWKS, personas), its app mounted at `/login`. */
  login: LoginSandbox
  shopName?: string
  fetch?: typeof fetch
  /** The Messaging API sandbox's clock (milliseconds since the epoch); `Date.now` unless a test moves time. */
  now?: () => number
}

export interface Sandbox {
  app: Hono
  messaging: MessagingSandbox
  webhook: WebhookSender
  /** The LIFF server API of the sandbox's LINE Login channel. */
  liff: LiffServerSandbox
  /** A newcomer with a fresh LINE user id, who adds the account as a friend (a follow event to the server). */
  addNewcomer(): Promise<Persona>
  /** Forgets users' messages, taps, menus and added newcomers; the channel's rich menus stay (the demo reset). */
  resetState(): void
}

/** Only JSON posts: a page of another site cannot send one to this machine without CORS, which the sandbox never allows. */
const isJson = (contentType: string | undefined) => /^application\/json\b/i.test(contentType ?? '')

/**
 * Serves the sandbox's api.line.me paths (`/v2/*`, `/liff/*`, `/oauth2/*`) at the root of `host`, where the SDK
 * clients send them. Both apps apply limitBody themselves, which finds a body `host`'s limit already read.
 */
export function serveSandboxMessagingApi<E extends Env>(host: Hono<E>, sandbox: Sandbox): void {
  host.all('/v2/*', (c) => sandbox.messaging.app.fetch(c.req.raw))
  host.all('/liff/*', (c) => sandbox.liff.app.fetch(c.req.raw))
  host.all('/oauth2/v3/token', (c) => sandbox.liff.app.fetch(c.req.raw))
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const messaging = createMessagingSandbox({
    channelAccessToken: options.channelAccessToken,
    webhook: () => webhook,
    now: options.now,
  })
  const liff = createLiffServerSandbox({
    loginChannelId: sandboxChannel.loginChannelId,
    loginChannelSecret: sandboxChannel.loginChannelSecret,
  })
  // Declared after the messaging sandbox, which reaches it only once a request comes.
  const webhook: WebhookSender = createWebhookSender({
    webhookUrl: `${options.publicUrl.replace(/\/$/, '')}/webhook/line`,
    channelSecret: options.channelSecret,
    messaging,
    fetch: options.fetch,
  })
  const doFetch = options.fetch ?? fetch
  const { personas } = options.login

  async function addNewcomer(): Promise<Persona> {
    const persona = personas.addNewcomer()
    messaging.record.users.set(persona.lineUserId, {
      userId: persona.lineUserId,
      displayName: persona.displayName,
      language: 'ja',
    })
    // LINE's follow happens whatever the server answers; a server that is down misses it, as with LINE.
    const res = await webhook.follow(persona.lineUserId).catch((err: unknown) => {
      console.error('sandbox: follow event not delivered', err)
      return null
    })
    await res?.body?.cancel()
    return persona
  }

  const inbox = createInbox({
    messaging,
    webhook,
    shopName: options.shopName,
    personas,
    appUrl: options.publicUrl,
    basePath: `${new URL(options.sandboxUrl).pathname.replace(/\/$/, '')}/inbox`,
    addNewcomer,
    // The app resets its data and then this sandbox's state (`POST /reset` below): one path on Node and Workers.
    async resetDemo() {
      const res = await doFetch(`${options.publicUrl.replace(/\/$/, '')}/api/sandbox/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ confirm: true }),
      })
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`)
    },
  })

  function resetState(): void {
    messaging.resetUsers()
    inbox.reset()
    personas.reset()
  }

  const app = new Hono()
  app.on(bodyMethods, '*', limitBody(sandboxBodyLimitBytes))
  const handlerHash = createHash('sha256').update(submitOnChange).digest('base64')
  const pageHeaders = Object.entries(
    serverPageHeaders({ sandbox: true, sandboxUrl: options.sandboxUrl }, [handlerHash]),
  )
  app.use('*', async (c, next) => {
    await next()
    if (c.res.headers.get('content-type')?.startsWith('text/html'))
      for (const [name, value] of pageHeaders) c.res.headers.set(name, value)
  })
  app.get('/', (c) =>
    c.html(
      html`<!doctype html>
        <html lang="ja">
          <head>
            <meta charset="utf-8" />
            <title>LINE サンドボックス</title>
          </head>
          <body style="font-family:system-ui,sans-serif;max-width:640px;margin:2em auto">
            <h1>LINE サンドボックス / LINE sandbox</h1>
            <p>
              LINE の認証情報がないため、このサーバーは内蔵の LINE サンドボックスで動いています。<br />No LINE
              credentials are set: this server runs against the built-in LINE sandbox.
            </p>
            <ul>
              <li>
                <a href="${options.sandboxUrl}/inbox">受信箱 / Inbox</a> — お客さまに届いたメッセージ / messages
                customers received
              </li>
              <li>
                <a href="${options.sandboxUrl}/line/__sandbox/record">記録 (JSON) / Record</a>,
                <a href="${options.sandboxUrl}/line/__sandbox/faults">障害設定 / Faults</a>
              </li>
            </ul>
          </body>
        </html>`,
    ),
  )
  app.post('/login/personas', async (c) => {
    if (!isJson(c.req.header('content-type'))) return c.json({ message: 'Content-Type must be application/json' }, 415)
    return c.json(await addNewcomer(), 201)
  })
  app.post('/reset', (c) => {
    if (!isJson(c.req.header('content-type'))) return c.json({ message: 'Content-Type must be application/json' }, 415)
    resetState()
    return c.json({ ok: true })
  })
  app.route('/line', messaging.app)
  app.route('/inbox', inbox.app)
  app.route('/webhook', createWebhookApp(webhook))
  app.route('/login', options.login.app)
  app.route('/account-link', createAccountLinkDialog({ messaging, webhook, publicUrl: options.publicUrl }))
  return { app, messaging, webhook, liff, addNewcomer, resetState }
}

/** The sandbox a server runs beside when `config` is a sandbox configuration: its own login (ID tokens), LINE's APIs. */
export async function createSandboxFor(config: Config): Promise<Sandbox> {
  const login = await createLoginSandbox({ issuer: config.line.idTokenIssuer, channelId: config.line.loginChannelId })
  return createSandbox({
    publicUrl: config.publicUrl,
    sandboxUrl: config.sandboxUrl,
    channelAccessToken: config.line.channelAccessToken,
    channelSecret: config.line.channelSecret,
    login,
    shopName: config.shopName,
  })
}
