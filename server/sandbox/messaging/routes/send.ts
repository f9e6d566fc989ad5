// POST /v2/bot/message/{push,multicast,reply}: validate like LINE, honour retry keys and quota, deliver.
import { Hono, type Context } from 'hono'
import { schemaCheck } from '../../line-openapi/schema-validator'
import { bodyErrors, lineError, randomToken, readJson, type SandboxEnv, type SandboxState } from '../context'
import { quotaMonth } from '../limits'
import { checkMessageLimits } from '../message-limits'
import { accept, deliver, pruneRetryKeys, type MessageObject, type SendKind, type SentMessageRef } from '../record'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const retryKeyTtlMs = 24 * 3600_000
const quotable = new Set(['text', 'textV2', 'sticker', 'image', 'video'])

const schemaOf: Record<SendKind, string> = {
  push: 'PushMessageRequest',
  multicast: 'MulticastRequest',
  reply: 'ReplyMessageRequest',
}

async function send(c: Context<SandboxEnv>, state: SandboxState, kind: SendKind): Promise<Response> {
  const { record } = state
  const now = state.now()
  const retryKey = kind === 'reply' ? undefined : c.req.header('X-Line-Retry-Key')
  if (retryKey !== undefined && !uuid.test(retryKey)) {
    return lineError(c, 400, "The value for the 'X-Line-Retry-Key' header is invalid")
  }

  const parsed = await readJson(c)
  if (!parsed.ok) return parsed.response
  const issues = schemaCheck('messaging-api', schemaOf[kind])(parsed.value)
  if (issues.length) return bodyErrors(c, issues)
  const body = parsed.value as { to?: string | string[]; replyToken?: string; messages: MessageObject[] }
  const limitIssues = checkMessageLimits(body.messages)
  if (limitIssues.length) return bodyErrors(c, limitIssues)

  if (retryKey !== undefined) {
    pruneRetryKeys(record, now, retryKeyTtlMs)
    const accepted = record.retryKeys.get(retryKey)
    if (accepted) {
      c.header('X-Line-Accepted-Request-Id', accepted.requestId)
      const sent = accepted.sentMessages === undefined ? {} : { sentMessages: JSON.parse(accepted.sentMessages) }
      return c.json({ message: 'The retry key is already accepted', ...sent }, 409)
    }
  }

  let recipients: string[]
  if (kind === 'reply') {
    const token = record.replyTokens.get(body.replyToken!)
    if (!token || now - token.issuedAt > state.limits.replyTokenTtlMs) return lineError(c, 400, 'Invalid reply token')
    recipients = [token.lineUserId]
  } else {
    recipients = typeof body.to === 'string' ? [body.to] : body.to!
  }

  const reachable = recipients.filter((id) => !record.blocked.has(id))
  const month = quotaMonth(now)
  const used = record.consumption.get(month) ?? 0
  if (kind !== 'reply' && state.limits.monthlyQuota !== null && used + reachable.length > state.limits.monthlyQuota) {
    return lineError(c, 429, 'You have reached your monthly limit.')
  }

  // Accepted: from here on the request counts, whatever is answered.
  const requestId = c.get('requestId')
  if (kind === 'reply') record.replyTokens.delete(body.replyToken!)
  if (kind !== 'reply') record.consumption.set(month, used + reachable.length)
  const sentMessages: SentMessageRef[] = body.messages.map((m) => ({
    id: state.nextMessageId(),
    ...(kind !== 'multicast' && quotable.has(m.type) ? { quoteToken: randomToken(18) } : {}),
  }))
  reachable.forEach((to, r) => {
    body.messages.forEach((message, i) => {
      const id = r === 0 ? sentMessages[i]!.id : state.nextMessageId()
      deliver(record, { id, requestId, kind, to, message, deliveredAt: now })
    })
  })
  accept(record, {
    requestId,
    kind,
    retryKey,
    to: recipients,
    reached: reachable,
    messages: body.messages,
    acceptedAt: now,
  })
  if (retryKey !== undefined) {
    // A repeated push is answered its sentMessages; a repeated multicast, like LINE, none.
    const sent = kind === 'push' ? JSON.stringify(sentMessages) : undefined
    record.retryKeys.set(retryKey, { requestId, acceptedAt: now, sentMessages: sent })
  }

  if (c.get('fault') === 'crash-after-accept') return lineError(c, 500, 'Internal server error')
  return c.json(kind === 'multicast' ? {} : { sentMessages }, 200)
}

export function sendRoutes(state: SandboxState): Hono<SandboxEnv> {
  return new Hono<SandboxEnv>()
    .post('/v2/bot/message/push', (c) => send(c, state, 'push'))
    .post('/v2/bot/message/multicast', (c) => send(c, state, 'multicast'))
    .post('/v2/bot/message/reply', (c) => send(c, state, 'reply'))
}
