// accountLink events: LINE's account-link dialog finished. Links on `ok` with a valid nonce, using the nonce up in
// the link's own batch (a failure before or during it leaves the nonce for the retry); everything else (failed,
// unknown, replayed, expired or someone else's nonce) is audit-logged and changes nothing. A link is confirmed to the
// customer in their language (replyLocale).
import type { webhook } from '@line/bot-sdk'
import { eq } from 'drizzle-orm'
import { members } from '../../db/schema'
import { audit } from '../data/audit'
import { enqueueMessage } from '../data/outbox'
import type { AppDeps } from '../env'
import { checkNonce, hashNonce, nonceGuard, spendNonce, type NonceUse } from '../linking/nonce'
import { accountLinkedMessage } from '../messages/replies'
import { liffUrl } from '../liff-url'
import { linkMembership } from '../usecases/link'
import { replyLocale } from './reply'

export async function handleAccountLink(deps: AppDeps, event: webhook.AccountLinkEvent, now: Date, receivedAt: Date) {
  const lineUserId = event.source?.type === 'user' ? event.source.userId : undefined
  if (!lineUserId || !event.link?.nonce) return
  const { db } = deps
  const use: NonceUse = {
    nonceHash: await hashNonce(event.link.nonce),
    lineUserId,
    webhookEventId: event.webhookEventId,
    receivedAt,
  }
  const rejected = (reason: string, memberId?: number) =>
    db.batch([
      spendNonce(db, use, event.link.result, now),
      audit(
        db,
        {
          actor: `line:${lineUserId}`,
          action: 'account_link.rejected',
          target: memberId ? `member:${memberId}` : `line:${lineUserId}`,
          detail: { reason, result: event.link.result },
        },
        now.getTime(),
      ),
    ])

  const nonce = await checkNonce(db, use)
  if (!nonce.ok) return void (await rejected(`nonce_${nonce.reason}`))
  if (event.link.result !== 'ok') return void (await rejected('line_failed', nonce.memberId))
  const linked = await linkMembership(deps, {
    lineUserId,
    memberId: nonce.memberId,
    method: 'account_link',
    actor: `line:${lineUserId}`,
    guard: nonceGuard(db, use, now),
  })
  if (!linked.ok) return void (await rejected(linked.refusal, nonce.memberId))
  const member = await db.query.members.findFirst({
    where: eq(members.id, nonce.memberId),
    columns: { language: true },
  })
  // Linked from the account-link page rather than the LIFF app, the member's language may not be known yet: then the
  // LINE profile's is the best guess, as for a friend who is not a member.
  const locale = await replyLocale(deps, lineUserId, member?.language ? member : undefined)
  await enqueueMessage(
    db,
    {
      dedupeKey: `account-link:${event.webhookEventId}`,
      kind: 'account_link',
      lineUserId,
      messages: [accountLinkedMessage(locale, liffUrl(deps.config, '/'))],
    },
    now,
  )
}
