// accountLink events: LINE's account-link dialog finished. Links on `ok` with a valid nonce; everything else
// (failed, unknown, replayed, expired or someone else's nonce) is audit-logged and changes nothing.
import type { webhook } from '@line/bot-sdk'
import { audit } from '../data/audit'
import { enqueueMessage } from '../data/outbox'
import type { AppDeps } from '../env'
import { ApiError } from '../errors'
import { linkAndShowMenu } from '../linking/actions'
import { claimNonce } from '../linking/nonce'
import { appUrl } from '../rich-menus/definitions'

export async function handleAccountLink(deps: AppDeps, event: webhook.AccountLinkEvent, now: Date) {
  const lineUserId = event.source?.type === 'user' ? event.source.userId : undefined
  if (!lineUserId || !event.link?.nonce) return
  const { db } = deps
  const rejected = (reason: string, memberId?: number) =>
    db.batch([
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

  const claim = await claimNonce(db, event.link.nonce, lineUserId, event.link.result, now)
  if (!claim.ok) return void (await rejected(`nonce_${claim.reason}`))
  if (event.link.result !== 'ok') return void (await rejected('line_failed', claim.memberId))
  try {
    await linkAndShowMenu(deps, {
      lineUserId,
      memberId: claim.memberId,
      method: 'account_link',
      actor: `line:${lineUserId}`,
    })
  } catch (err) {
    if (err instanceof ApiError) return void (await rejected(err.code, claim.memberId))
    throw err
  }
  await enqueueMessage(
    db,
    {
      dedupeKey: `account-link:${event.webhookEventId}`,
      kind: 'account_link',
      lineUserId,
      messages: [
        {
          type: 'template',
          altText: '会員証との連携が完了しました',
          template: {
            type: 'buttons',
            text: '会員証とLINEの連携が完了しました。\nYour membership is now linked to LINE.',
            actions: [{ type: 'uri', label: '会員証を開く', uri: appUrl(deps.config, '/') }],
          },
        },
      ],
    },
    now,
  )
}
