// The LINE Messaging API sandbox: an in-process fake of the endpoints the server uses, validated against LINE's spec.
import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import { bodyMethods, limitBody, sandboxBodyLimitBytes } from '../../middleware/body-limit'
import { schemaCheck } from '../line-openapi/schema-validator'
import { createMessageIds, lineError, randomToken, type BotInfo, type SandboxEnv, type SandboxState } from './context'
import { controlRoutes } from './control'
import { createFaultPicker, defaultFaults, resetFaults, type FaultSettings } from './faults'
import { gate, requestIdHeader } from './gate'
import { defaultLimits, type SandboxLimits } from './limits'
import { createRateLimiter } from './rate-limiter'
import { clearRecord, clearUsers, createRecord, type SandboxRecord } from './record'
import { insightRoutes } from './routes/insight'
import { quotaRoutes } from './routes/quota'
import { richMenuRoutes } from './routes/rich-menu'
import { sendRoutes } from './routes/send'
import { userRoutes } from './routes/users'
import { webhookEndpointRoutes } from './routes/webhook-endpoint'
import type { WebhookSender } from '../webhook-sender'

export type { FaultSettings } from './faults'
export type { SandboxLimits } from './limits'
export type { DeliveredMessage, SandboxRecord } from './record'

export interface MessagingSandboxOptions {
  channelAccessToken: string
  /** The bot's user id (webhook bodies' `destination`); derived from the access token when not given. */
  botUserId?: string
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number
  limits?: Partial<SandboxLimits>
  faults?: Partial<FaultSettings>
  /** The channel's webhook (its URL and LINE's webhook test), when a webhook sender plays LINE's side of it. */
  webhook?: () => WebhookSender | undefined
}

export interface MessagingSandbox {
  /** Serves LINE's paths (`/v2/bot/message/push`, ...) and `/__sandbox/*`; mount it at `<sandboxUrl>/line`. */
  app: Hono
  /** What GET /v2/bot/info answers. */
  bot: BotInfo
  record: SandboxRecord
  /** Mutable failure knobs, all off by default. */
  faults: FaultSettings
  /** Mutable rate limits and quota. */
  limits: SandboxLimits
  /** A reply token for `lineUserId`, valid once for `limits.replyTokenTtlMs`, as a webhook event carries. */
  issueReplyToken(lineUserId: string): string
  /** Forgets everything accepted and restores default faults and limits. */
  reset(): void
  /** As `reset`, but the channel's rich menus (with images, aliases, the default) stay: the demo reset. */
  resetUsers(): void
}

export function createMessagingSandbox(options: MessagingSandboxOptions): MessagingSandbox {
  // Compile the send schemas now (once per process) so the first push is not the one that pays ~1 s for it.
  for (const schema of ['PushMessageRequest', 'MulticastRequest', 'ReplyMessageRequest'])
    schemaCheck('messaging-api', schema)
  const faults = { ...defaultFaults(), ...options.faults }
  const limits = { ...defaultLimits(), ...options.limits }
  const ids = createMessageIds()
  const bot: BotInfo = {
    userId:
      options.botUserId ?? `U${createHash('sha256').update(options.channelAccessToken).digest('hex').slice(0, 32)}`,
    basicId: '@tsunagu-sandbox',
    displayName: 'Tsunagu サンドボックス',
    chatMode: 'bot',
    markAsReadMode: 'auto',
  }
  const state: SandboxState = {
    channelAccessToken: options.channelAccessToken,
    bot,
    now: options.now ?? Date.now,
    record: createRecord(),
    faults,
    limits,
    picker: createFaultPicker(faults),
    sendLimiter: createRateLimiter(() => limits.sendPerSecond),
    otherLimiter: createRateLimiter(() => limits.otherPerSecond),
    hanging: new Set(),
    nextMessageId: ids.next,
  }

  function reset(keepMenus = false): void {
    if (keepMenus) clearUsers(state.record)
    else clearRecord(state.record)
    resetFaults(faults)
    Object.assign(faults, options.faults)
    Object.assign(limits, defaultLimits(), options.limits)
    state.picker.restart()
    state.sendLimiter.reset()
    state.otherLimiter.reset()
    for (const wake of [...state.hanging]) wake()
    ids.reset()
  }

  const app = new Hono<SandboxEnv>()
  app.use(requestIdHeader())
  app.on(bodyMethods, '*', limitBody(sandboxBodyLimitBytes))
  app.route(
    '/',
    controlRoutes(state, () => reset()),
  )
  app.use('/v2/*', gate(state))
  app.route('/', sendRoutes(state))
  app.route('/', richMenuRoutes(state))
  app.route('/', userRoutes(state))
  app.route('/', quotaRoutes(state))
  app.route('/', insightRoutes(state))
  app.route('/', webhookEndpointRoutes(options.webhook ?? (() => undefined)))
  app.notFound((c) => lineError(c, 404, 'Not found'))

  return {
    app: app as unknown as Hono,
    bot,
    record: state.record,
    faults,
    limits,
    issueReplyToken(lineUserId) {
      const { replyTokens } = state.record
      // Issue order is expiry order: drop expired tokens from the front so the map stays small.
      for (const [old, entry] of replyTokens) {
        if (state.now() - entry.issuedAt <= limits.replyTokenTtlMs) break
        replyTokens.delete(old)
      }
      const token = randomToken(24)
      replyTokens.set(token, { lineUserId, issuedAt: state.now() })
      return token
    },
    reset: () => reset(),
    resetUsers: () => reset(true),
  }
}
