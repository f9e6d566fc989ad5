// What the messaging sandbox has accepted: recent inboxes and requests, exact counts of everything, retry keys,
// tokens and rich menu state.
//
// The sandbox runs for days under `npm start` and takes 100,000s of messages in benchmarks, so what it keeps is
// bounded: it used to hold every parsed message (~2.7 KB of Flex objects each), request and retry key, and at 100k
// personalised reminders its heap reached ~600 MB and its mark-compacts grew with it (140 ms at the end of
// `npm run bench -- reminders`). It keeps the most recent messages and requests as objects (what the inbox page,
// `/__sandbox/record`, insight and tests read) and counts everything in numbers. Retry keys are kept 24 h like LINE's,
// as small entries.
import { personas } from '../personas'

export type SendKind = 'push' | 'multicast' | 'reply'

/** A message object as a request carries it (only its `type` is known here). */
export type MessageObject = Record<string, unknown> & { type: string }

/** Recent messages kept per user, and in all (across users, the oldest dropped first). */
export const inboxKeptPerUser = 100
export const inboxKeptInAll = 10_000
/** Recent accepted requests kept (with their recipients and messages). */
export const requestsKept = 1_000

/** A message as a user received it. `message` is the request's message object, unchanged. */
export interface DeliveredMessage {
  id: string
  requestId: string
  kind: SendKind
  to: string
  message: MessageObject
  deliveredAt: number
}

export interface AcceptedRequest {
  requestId: string
  kind: SendKind
  retryKey?: string
  to: string[]
  /** The recipients the messages were delivered to: `to` without those who had blocked the account. */
  reached: string[]
  /** The request's messages, as every recipient received them (insight reads their links). */
  messages: MessageObject[]
  acceptedAt: number
}

export interface SentMessageRef {
  id: string
  quoteToken?: string
}

/**
 * A retry key's entry, kept 24 h like LINE's: a push's `sentMessages` as the JSON text of its answer (one string
 * rather than an array of objects, since 24 h of keys at benchmark rates is 100,000s of entries).
 */
export interface AcceptedRetryKey {
  requestId: string
  acceptedAt: number
  sentMessages?: string
}

/** Counts of everything accepted since the last reset, exact however much of the record was dropped. */
export interface AcceptedCounts {
  requests: number
  byKind: Record<SendKind, number>
  /** The most recipients of any one request. */
  maxRecipients: number
  /**
   * Acceptance time of every request, in order, in `[0, requests)`: 8 bytes a request outside the JS heap (the GC
   * never scans a typed array's contents), so benchmarks can find the busiest second exactly.
   */
  acceptedAt: Float64Array
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
  /**
   * The most recent delivered messages per LINE user id, oldest first: at most `inboxKeptPerUser` a user and
   * `inboxKeptInAll` in all. A user whose kept messages were all dropped has no entry; `delivered` still counts them.
   */
  inbox: Map<string, DeliveredMessage[]>
  /** Messages delivered to each user since the last reset, kept in `inbox` or not. */
  delivered: Map<string, number>
  /**
   * The last `inboxKeptInAll` messages delivered, a ring whose next slot is `keptNext`, so the oldest is dropped
   * first (see `deliver`). A ring, not an array's shift: shifting 10,000 elements per delivery was ~1 s of the
   * sandbox thread's CPU in `npm run bench -- reminders`.
   */
  kept: (DeliveredMessage | undefined)[]
  keptNext: number
  /** The most recent `requestsKept` accepted push / multicast / reply requests, oldest first. */
  requests: AcceptedRequest[]
  accepted: AcceptedCounts
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
    delivered: new Map(),
    kept: new Array(inboxKeptInAll),
    keptNext: 0,
    requests: [],
    accepted: {
      requests: 0,
      byKind: { push: 0, multicast: 0, reply: 0 },
      maxRecipients: 0,
      acceptedAt: new Float64Array(1024),
    },
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
  const { inbox, kept } = record
  record.delivered.set(message.to, (record.delivered.get(message.to) ?? 0) + 1)
  const mine = inbox.get(message.to)
  if (!mine) inbox.set(message.to, [message])
  else if (mine.push(message) > inboxKeptPerUser) mine.shift()
  const oldest = kept[record.keptNext]
  kept[record.keptNext] = message
  record.keptNext = (record.keptNext + 1) % inboxKeptInAll
  // The oldest kept message leaves its user's list if it is still first there (a per-user drop or a test's
  // `inbox.delete` may have taken it already).
  if (oldest) {
    const theirs = inbox.get(oldest.to)
    if (theirs?.[0] === oldest) {
      theirs.shift()
      if (!theirs.length) inbox.delete(oldest.to)
    }
  }
}

/** Notes an accepted request: kept among the recent ones, counted in `accepted`. */
export function accept(record: SandboxRecord, request: AcceptedRequest): void {
  if (record.requests.push(request) > requestsKept) record.requests.shift()
  const counts = record.accepted
  if (counts.requests === counts.acceptedAt.length) {
    const grown = new Float64Array(counts.acceptedAt.length * 2)
    grown.set(counts.acceptedAt)
    counts.acceptedAt = grown
  }
  counts.acceptedAt[counts.requests++] = request.acceptedAt
  counts.byKind[request.kind]++
  counts.maxRecipients = Math.max(counts.maxRecipients, request.to.length)
}

/** Drops retry keys older than `maxAgeMs`; the map is in acceptance order, so this stops at the first young one. */
export function pruneRetryKeys(record: SandboxRecord, now: number, maxAgeMs: number): void {
  for (const [key, entry] of record.retryKeys) {
    if (now - entry.acceptedAt < maxAgeMs) break
    record.retryKeys.delete(key)
  }
}
