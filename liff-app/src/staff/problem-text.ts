// The staff pages' text for a refusal code from the server, in the page's one language (never the server's English).

import { pageMessages, type MessageKey } from '../i18n/messages'

/** The message key for `code`, or null when there is none (show `staff.error.unknown` with the code). */
export function problemKey(code: string): MessageKey | null {
  const key = `staff.error.${code}`
  return key in pageMessages ? (key as MessageKey) : null
}
