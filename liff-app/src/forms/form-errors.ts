// Plain-language messages for the link / register / settings / staff join forms, by the server's error code. The words
// are in form-errors.json: the link and register refusals, then the ones only the forms meet (control characters, link
// waits, invites: kept out of the card's first-paint script, describe.ts), the profile fields' (the field itself shows
// the detail) and the custom fields' (the field itself shows which one).

import { refusalText } from '../../../server/domain/wait-text'
import { ApiError } from '../api/http'
import { describeError } from '../errors/describe'
import type { MessagePair, PairTable } from '../i18n/translate'
import data from './form-errors.json'

/** A refusal's wait in words (`details.retryAfterSeconds` of link_wait, link_locked, rate_limited), if it has one. */
function refusalOf(err: ApiError) {
  const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
  return typeof wait === 'number' && wait > 0 ? refusalText(err.code, wait) : undefined
}

const MESSAGES: Record<string, MessagePair> = data as unknown as PairTable<typeof data>

export function formError(err: unknown): { ja: string; en: string; code: string } {
  const refusal = err instanceof ApiError ? refusalOf(err) : undefined
  if (refusal) return { ...refusal, code: (err as ApiError).code }
  if (err instanceof ApiError && MESSAGES[err.code]) {
    const [ja, en] = MESSAGES[err.code]!
    return { ja, en, code: err.code }
  }
  const d = describeError(err)
  return { ja: d.ja, en: d.en, code: d.code }
}
