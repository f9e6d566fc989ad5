// Configuration from environment variables, validated once at start with one message per bad field.
import { z } from 'zod'
import { isTimeZone } from './domain/time-zone'

const optional = z.string().trim().min(1).optional()

const envSchema = z.object({
  PUBLIC_URL: z
    .url({ message: 'must be an absolute URL such as https://members.example.jp' })
    .default('http://localhost:8787'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /** Node only: the address to listen on; by default loopback while the sandbox is on, every address otherwise. */
  HOST: z
    .union([z.ipv4(), z.ipv6(), z.literal('localhost')], {
      message: 'must be an IP address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every address)',
    })
    .optional(),
  DATABASE_URL: z.string().min(1).default('file:./data/tsunagu.db'),
  DATABASE_AUTH_TOKEN: optional,
  TIME_ZONE: z.string().default('Asia/Tokyo').refine(isTimeZone, 'must be an IANA time zone such as Asia/Tokyo'),
  SHOP_NAME: z.string().trim().min(1).default('Tsunagu デモショップ'),
  /** `on` forces the LINE sandbox, `off` forbids it, `auto` uses it when no LINE credentials are set. */
  LINE_SANDBOX: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Where the sandbox is served; defaults to PUBLIC_URL/sandbox (the Node server mounts it there). */
  LINE_SANDBOX_URL: z.url().optional(),
  LINE_LOGIN_CHANNEL_ID: z.string().regex(/^\d+$/, 'must be the numeric LINE Login channel id').optional(),
  LINE_LOGIN_CHANNEL_SECRET: optional,
  LIFF_ID: optional,
  LINE_CHANNEL_ACCESS_TOKEN: optional,
  LINE_CHANNEL_SECRET: optional,
  /** The bot's user id; saves asking LINE for it (GET /v2/bot/info) once per process or isolate. */
  LINE_BOT_USER_ID: z
    .string()
    .regex(/^U[0-9a-f]{32}$/, 'must be the bot user id, U followed by 32 hex digits')
    .optional(),
  LINE_API_BASE_URL: z.url().default('https://api.line.me'),
  LINE_API_DATA_BASE_URL: z.url().default('https://api-data.line.me'),
  /** Card QR signing keys, `kid:secret` separated by commas; the first signs, all verify (rotation). */
  CARD_TOKEN_KEYS: optional,
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Node behind a reverse proxy: the header it sets to the client's address (e.g. X-Real-IP); unset, the socket's. */
  CLIENT_IP_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as X-Real-IP')
    .optional(),
  /**
   * `other` when another tool owns the official account's webhook URL (Tsunagu gets only what that tool forwards):
   * `npm run setup` leaves the webhook URL alone, Tsunagu forwards nothing and sends no fallback replies.
   */
  WEBHOOK_OWNER: z.enum(['tsunagu', 'other'], { message: 'must be tsunagu or other' }).default('tsunagu'),
})

const credentialFields = [
  'LINE_LOGIN_CHANNEL_ID',
  'LINE_LOGIN_CHANNEL_SECRET',
  'LIFF_ID',
  'LINE_CHANNEL_ACCESS_TOKEN',
  'LINE_CHANNEL_SECRET',
] as const

export interface LineConfig {
  loginChannelId: string
  loginChannelSecret: string
  liffId: string
  channelAccessToken: string
  /** Messaging API channel secret: signs webhooks. */
  channelSecret: string
  /** `destination` of this channel's webhooks; asked of LINE when not configured. */
  botUserId?: string
  apiBaseUrl: string
  apiDataBaseUrl: string
  idTokenIssuer: string
  jwksUrl: string
}

export interface Config {
  publicUrl: string
  port: number
  /** Where the Node server listens. */
  host: string
  /** True when the sandbox (public secrets, admin ID tokens for anyone) was asked to listen beyond this machine. */
  sandboxExposed: boolean
  databaseUrl: string
  databaseAuthToken?: string
  timeZone: string
  shopName: string
  /** True when the built-in LINE sandbox plays LINE's part. Never true with real credentials. */
  sandbox: boolean
  sandboxUrl: string
  line: LineConfig
  cardKeys: CardKeys
  sessionSecret: string
  /** Node only: the header a trusted reverse proxy puts the client's address in (never read unless set). */
  clientIpHeader?: string
  /** Who owns the official account's webhook URL (see WEBHOOK_OWNER). */
  webhookOwner: 'tsunagu' | 'other'
}

export interface CardKeys {
  /** Key id that signs new tokens. */
  current: string
  secrets: Record<string, string>
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Fixed ids the sandbox uses; its secrets are public on purpose: it cannot run beside real credentials. */
export const sandboxChannel = {
  loginChannelId: '1660000001',
  loginChannelSecret: 'sandbox-login-channel-secret',
  liffId: '1660000001-sandbox',
  channelAccessToken: 'sandbox-channel-access-token',
  channelSecret: 'sandbox-messaging-channel-secret',
  cardKeys: 'sandbox:sandbox-card-token-secret-not-for-production',
  sessionSecret: 'sandbox-session-secret-not-for-production-use',
} as const

export const lineIssuer = 'https://access.line.me'

function parseCardKeys(value: string): CardKeys | string {
  const secrets: Record<string, string> = {}
  let current = ''
  for (const part of value.split(',')) {
    const at = part.indexOf(':')
    const kid = part.slice(0, at).trim()
    const secret = part.slice(at + 1).trim()
    if (at < 1 || !/^[A-Za-z0-9_-]{1,16}$/.test(kid))
      return 'each key must be kid:secret with a kid of 1-16 letters, digits, - or _'
    if (secret.length < 32) return `the secret of key "${kid}" must be at least 32 characters`
    secrets[kid] = secret
    current ||= kid
  }
  return { current, secrets }
}

/**
 * Whether `value` is the sandbox's own (its public channel, or a LIFF app its LIFF server made): `npm run rehearse`
 * writes those as the Worker's secrets, and they are no real credential to keep the sandbox away from.
 */
function isSandboxCredential(field: (typeof credentialFields)[number], value: string): boolean {
  const own: Record<(typeof credentialFields)[number], boolean> = {
    LINE_LOGIN_CHANNEL_ID: value === sandboxChannel.loginChannelId,
    LINE_LOGIN_CHANNEL_SECRET: value === sandboxChannel.loginChannelSecret,
    LIFF_ID: value.startsWith(`${sandboxChannel.loginChannelId}-`),
    LINE_CHANNEL_ACCESS_TOKEN: value === sandboxChannel.channelAccessToken,
    LINE_CHANNEL_SECRET: value === sandboxChannel.channelSecret,
  }
  return own[field]
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

/** Reads and checks the environment; throws one ConfigError listing every problem. */
export function loadConfig(env: Record<string, unknown>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string' && v !== ''))
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const e = parsed.data
  const problems: string[] = []
  const given = credentialFields.filter((f) => e[f] !== undefined)
  const sandbox = e.LINE_SANDBOX === 'on' || (e.LINE_SANDBOX === 'auto' && given.length === 0)

  const real = given.filter((f) => !isSandboxCredential(f, e[f]!))
  if (sandbox && real.length > 0) {
    problems.push(`LINE_SANDBOX: the sandbox cannot be enabled while LINE credentials are set (${real.join(', ')})`)
  }
  if (!sandbox) {
    for (const f of credentialFields)
      if (e[f] === undefined) problems.push(`${f}: required when the LINE sandbox is off`)
    if (!e.CARD_TOKEN_KEYS) problems.push('CARD_TOKEN_KEYS: required with real LINE credentials (kid:secret)')
    if (!e.SESSION_SECRET) problems.push('SESSION_SECRET: required with real LINE credentials (32+ characters)')
  }
  const cardKeys = parseCardKeys(e.CARD_TOKEN_KEYS ?? sandboxChannel.cardKeys)
  if (typeof cardKeys === 'string') problems.push(`CARD_TOKEN_KEYS: ${cardKeys}`)
  if (problems.length > 0 || typeof cardKeys === 'string') throw new ConfigError(problems)

  const publicUrl = e.PUBLIC_URL.replace(/\/$/, '')
  const sandboxUrl = (e.LINE_SANDBOX_URL ?? `${publicUrl}/sandbox`).replace(/\/$/, '')
  const line: LineConfig = sandbox
    ? {
        ...sandboxChannel,
        liffId: e.LIFF_ID ?? sandboxChannel.liffId,
        // @line/bot-sdk resolves its absolute paths (`/v2/bot/...`) against the origin, dropping any base path, so
        // the host of the sandbox also answers `/v2/*` at its root (see `serveSandboxMessagingApi`).
        apiBaseUrl: new URL(sandboxUrl).origin,
        apiDataBaseUrl: new URL(sandboxUrl).origin,
        idTokenIssuer: `${sandboxUrl}/login`,
        jwksUrl: `${sandboxUrl}/login/jwks.json`,
      }
    : {
        loginChannelId: e.LINE_LOGIN_CHANNEL_ID!,
        loginChannelSecret: e.LINE_LOGIN_CHANNEL_SECRET!,
        liffId: e.LIFF_ID!,
        channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN!,
        channelSecret: e.LINE_CHANNEL_SECRET!,
        botUserId: e.LINE_BOT_USER_ID,
        apiBaseUrl: e.LINE_API_BASE_URL,
        apiDataBaseUrl: e.LINE_API_DATA_BASE_URL,
        idTokenIssuer: lineIssuer,
        jwksUrl: 'https://api.line.me/oauth2/v2.1/certs',
      }

  // The sandbox's secrets are public and it mints ID tokens for any persona: it listens on this machine only unless
  // HOST says otherwise. With real credentials the server usually sits behind a proxy, so every address by default.
  const host = e.HOST ?? (sandbox ? '127.0.0.1' : '0.0.0.0')
  return {
    publicUrl,
    port: e.PORT,
    host,
    sandboxExposed: sandbox && !isLoopback(host),
    databaseUrl: e.DATABASE_URL,
    databaseAuthToken: e.DATABASE_AUTH_TOKEN,
    timeZone: e.TIME_ZONE,
    shopName: e.SHOP_NAME,
    sandbox,
    sandboxUrl,
    line,
    cardKeys,
    sessionSecret: e.SESSION_SECRET ?? sandboxChannel.sessionSecret,
    clientIpHeader: e.CLIENT_IP_HEADER,
    webhookOwner: e.WEBHOOK_OWNER,
  }
}
