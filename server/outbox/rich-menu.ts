// Sends `rich_menu` rows of the outbox: the member menu is linked to the user, the guest menu is LINE's default, so
// showing it is unlinking the user's own menu. Both calls are idempotent, so a retry needs no X-Line-Retry-Key.
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk'
import type { AppDeps } from '../env'
import { loadRichMenuIds, type RichMenuIds } from '../rich-menus/ids'
import { classifySendError, createTimeoutSweep, resultOf, type SendOutcome, type Timeout } from './policy'
import { claimRichMenuRows, writeResults, type ClaimedDelivery, type RowResult } from './store'

/** Performs one row's switch on LINE. */
export async function sendRichMenu(
  client: messagingApi.MessagingApiClient,
  row: Pick<ClaimedDelivery, 'lineUserId' | 'richMenu'>,
  ids: RichMenuIds | null,
  timeout: Timeout,
): Promise<SendOutcome> {
  try {
    if (row.richMenu === 'member') {
      if (!ids) return { kind: 'failed', error: 'rich menus are not set up (npm run richmenu:setup)' }
      await timeout(client.linkRichMenuIdToUser(row.lineUserId, ids.member))
    } else {
      await timeout(client.unlinkRichMenuIdFromUser(row.lineUserId))
    }
    return { kind: 'sent' }
  } catch (err) {
    // Unlinking a user who has no menu of their own leaves them on the default one: what was wanted.
    if (row.richMenu !== 'member' && err instanceof HTTPFetchError && err.status === 404)
      return { kind: 'sent', note: 'the user had no rich menu of their own' }
    return classifySendError(err)
  }
}

/** The outcome to record on a rich-menu row, kept only while the row's intent is the one that was sent. */
export function richMenuResult(row: ClaimedDelivery, outcome: SendOutcome, now: Date, random: () => number): RowResult {
  return { ...resultOf([row], outcome, now, random), intentKey: row.retryKey }
}

/**
 * Sends the user's planned rich-menu switch now, through the outbox: claims the row, calls LINE, records the
 * outcome. Called right after a link or unlink so the menu changes while the customer watches; a failure leaves the
 * row to the sender's retries (and a row another sender holds to that sender). Never throws.
 */
export async function applyRichMenuNow(
  deps: Pick<AppDeps, 'db' | 'line' | 'clock'>,
  lineUserId: string,
  options: { leaseMs?: number; timeoutMs?: number; random?: () => number } = {},
): Promise<void> {
  try {
    const [row] = await claimRichMenuRows(deps.db, { lineUserId }, deps.clock(), options.leaseMs ?? 60_000)
    if (!row) return
    const ids = row.richMenu === 'member' ? await loadRichMenuIds(deps.db) : null
    const timeout = createTimeoutSweep(options.timeoutMs ?? 10_000)
    const outcome = await sendRichMenu(deps.line.messaging, row, ids, timeout)
    await writeResults(
      deps.db,
      [richMenuResult(row, outcome, deps.clock(), options.random ?? Math.random)],
      deps.clock(),
    )
    if (outcome.kind !== 'sent')
      console.warn(`rich menu: ${row.richMenu} menu for ${lineUserId} not shown yet: ${outcome.error}`)
  } catch (err) {
    console.error(`rich menu: could not switch the menu of ${lineUserId} now; the outbox sender will`, err)
  }
}
