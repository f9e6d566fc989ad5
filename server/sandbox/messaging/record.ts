// What the messaging sandbox has accepted: per-user inboxes, requests, tokens and rich menu state.
import { personas } from '../personas'

export type SendKind = 'push' | 'multicast' | 'reply'

/** A message as a user received it. `message` is the request's message object, unchanged. */
export interface DeliveredMessage {
  id: string
  requestId: string
  kind: SendKind
  to: string
  message: Record<string, unknown> & { type: string }
  deliveredAt: number
}

export interface AcceptedRequest {
  requestId: string
  kind: SendKind
  retryKey?: string
  to: string[]
  messageCount: number
  acceptedAt: number
}

export interface SentMessageRef {
  id: string
  quoteToken?: string
}

export interface AcceptedRetryKey {
  requestId: string
  acceptedAt: number
  sentMessages: SentMessageRef[]
}

export interface RichMenu {
  richMenuId: string
  size: { width: number; height: number }
  selected: boolean
  name: string
  chatBarText: string
  areas: unknown[]
  image?: { contentType: string; bytes: number }
}

export interface UserProfile {
  userId: string
  displayName: string
  pictureUrl?: string
  statusMessage?: string
  language?: string
}

export interface SandboxRecord {
  /** Delivered messages per LINE user id, oldest first. */
  inbox: Map<string, DeliveredMessage[]>
  /** Every accepted push / multicast / reply, oldest first. */
  requests: AcceptedRequest[]
  /** Retry keys accepted in the last 24 h, in acceptance order. */
  retryKeys: Map<string, AcceptedRetryKey>
  replyTokens: Map<string, { lineUserId: string; issuedAt: number }>
  linkTokens: Map<string, { lineUserId: string; issuedAt: number }>
  richMenus: Map<string, RichMenu>
  /** The uploaded image of each rich menu, for the inbox's rich menu view. */
  richMenuImages: Map<string, Uint8Array>
  richMenuAliases: Map<string, string>
  defaultRichMenuId: string | null
  /** Per-user rich menu links (`POST /v2/bot/user/{userId}/richmenu/{richMenuId}`). */
  userRichMenus: Map<string, string>
  /** Users the sandbox knows (profile API); the personas, plus anyone who followed through the webhook sender. */
  users: Map<string, UserProfile>
  /** Users who blocked the account: messages to them are accepted but not delivered, like LINE. */
  blocked: Set<string>
  /** Messages counted against the monthly quota, by `YYYY-MM` (Asia/Tokyo). */
  consumption: Map<string, number>
}

function personaProfiles(): Map<string, UserProfile> {
  return new Map(
    personas.map((p) => [p.lineUserId, { userId: p.lineUserId, displayName: p.displayName, language: 'ja' }]),
  )
}

export function createRecord(): SandboxRecord {
  return {
    inbox: new Map(),
    requests: [],
    retryKeys: new Map(),
    replyTokens: new Map(),
    linkTokens: new Map(),
    richMenus: new Map(),
    richMenuImages: new Map(),
    richMenuAliases: new Map(),
    defaultRichMenuId: null,
    userRichMenus: new Map(),
    users: personaProfiles(),
    blocked: new Set(),
    consumption: new Map(),
  }
}

/** Empties `record` in place, so references held by other modules stay valid. */
export function clearRecord(record: SandboxRecord): void {
  const fresh = createRecord()
  Object.assign(record, fresh)
}

/**
 * Forgets what users did and received (inboxes, requests, tokens, per-user menus, blocks, profiles beyond the
 * personas) but keeps the channel's rich menus, their images and aliases, and its default menu.
 */
export function clearUsers(record: SandboxRecord): void {
  const { richMenus, richMenuImages, richMenuAliases, defaultRichMenuId } = record
  Object.assign(record, createRecord(), { richMenus, richMenuImages, richMenuAliases, defaultRichMenuId })
}

export function deliver(record: SandboxRecord, message: DeliveredMessage): void {
  const list = record.inbox.get(message.to)
  if (list) list.push(message)
  else record.inbox.set(message.to, [message])
}

/** Drops retry keys older than `maxAgeMs`; the map is in acceptance order, so this stops at the first young one. */
export function pruneRetryKeys(record: SandboxRecord, now: number, maxAgeMs: number): void {
  for (const [key, entry] of record.retryKeys) {
    if (now - entry.acceptedAt < maxAgeMs) break
    record.retryKeys.delete(key)
  }
}
