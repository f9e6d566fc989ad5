// Replies to a webhook event with its reply token (free, immediate, and not a planned message: no outbox).
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk'
import { messageLocale, type MessageLocale } from '../domain/message-locale'
import type { AppDeps } from '../env'

/**
 * A reply token is used once and expires about a minute after the event. When LINE refuses it (a retry after the
 * token expired, or after an attempt whose reply LINE accepted but whose answer was lost) nothing is sent instead:
 * a push could repeat an answer the customer already has, and a keyword answer minutes late helps nobody.
 */
function isSpentToken(err: unknown): boolean {
  return err instanceof HTTPFetchError && err.status === 400 && /invalid reply token/i.test(err.body)
}

export async function reply(
  deps: AppDeps,
  replyToken: string | undefined,
  messages: messagingApi.Message[],
): Promise<void> {
  if (!replyToken) return
  try {
    await deps.line.messaging.replyMessage({ replyToken, messages })
  } catch (err) {
    if (!isSpentToken(err)) throw err
    console.warn('webhook: the reply token was spent or expired; the answer was not sent')
  }
}

export const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value })

/**
 * The language to answer a LINE user in. A member's is `members.language` (set by their LIFF app; Japanese when
 * unknown, as for their receipts). For a friend who is not a member yet, the language of their LINE profile; a failed
 * or empty answer (no consent to LINE's privacy policy yet) means Japanese, never no reply.
 */
export async function replyLocale(
  deps: AppDeps,
  lineUserId: string,
  member: { language: string | null } | undefined,
): Promise<MessageLocale> {
  if (member) return messageLocale(member.language)
  try {
    return messageLocale((await deps.line.messaging.getProfile(lineUserId)).language)
  } catch (err) {
    console.warn(
      `webhook: no LINE profile language (${err instanceof Error ? err.message : String(err)}); answering in Japanese`,
    )
    return 'ja'
  }
}
