// State shared by the messaging sandbox's routes, and the small helpers they all use.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { SchemaIssue } from '../line-openapi/schema-validator'
import type { Fault, FaultPicker, FaultSettings } from './faults'
import type { SandboxLimits } from './limits'
import type { RateLimiter } from './rate-limiter'
import type { SandboxRecord } from './record'

export interface SandboxEnv {
  Variables: { requestId: string; fault: Fault }
}

/** GET /v2/bot/info's answer (LINE's BotInfoResponse). */
export interface BotInfo {
  userId: string
  basicId: string
  displayName: string
  chatMode: 'chat' | 'bot'
  markAsReadMode: 'auto' | 'manual'
}

export interface SandboxState {
  channelAccessToken: string
  bot: BotInfo
  now: () => number
  record: SandboxRecord
  faults: FaultSettings
  limits: SandboxLimits
  picker: FaultPicker
  sendLimiter: RateLimiter
  otherLimiter: RateLimiter
  /** Wakes every request hanging in a simulated timeout (on reset). */
  hanging: Set<() => void>
  nextMessageId: () => string
}

export function createMessageIds(): { next: () => string; reset: () => void } {
  let n = 0
  return {
    // LINE's message ids are 18-digit decimal strings.
    next: () => `5${String(++n).padStart(17, '0')}`,
    reset: () => {
      n = 0
    },
  }
}

export function newRequestId(): string {
  return randomUUID()
}

/** An opaque random token such as LINE's reply, link and quote tokens. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}

/** LINE's error body: `{ message, details? }`. */
export function lineError(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  details?: SchemaIssue[],
): Response {
  return c.json(details?.length ? { message, details } : { message }, status)
}

export function bodyErrors(c: Context, details: SchemaIssue[]): Response {
  return lineError(c, 400, `The request body has ${details.length} error(s)`, details)
}

/** Parses a JSON body, or answers LINE's 400 for a body that is not JSON. */
export async function readJson(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await c.req.json() }
  } catch {
    return { ok: false, response: bodyErrors(c, [{ message: 'The request body is not valid JSON', property: '' }]) }
  }
}
