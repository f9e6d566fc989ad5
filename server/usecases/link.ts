// Linking a LINE account to an existing membership (in the LIFF app, by an admin, or through LINE's account-link
// flow): the link, its audit entry, the guard's use and the rich-menu switch in one batch, then the menu shown. The
// member's credentials are checked first (with growing waits); the account-link flow's login page only gets a nonce.
import type { Member } from '../../db/schema'
import { findAccountOfMember, linkAccount, memberTaken, type LinkInput } from '../data/linking'
import { isRefusal, type Refusal } from '../domain/refusal'
import { checkMemberCredentials, type MemberCredentials } from '../linking/credentials'
import { issueNonce } from '../linking/nonce'
import { applyRichMenuNow } from '../outbox/rich-menu'
import type { LineUseCaseContext, UseCaseContext } from './context'

export interface Linked {
  ok: true
  /** False when exactly this link was already in place (nothing written). */
  linked: boolean
}

export async function linkMembership(ctx: LineUseCaseContext, input: LinkInput): Promise<Linked | Refusal> {
  const linked = await linkAccount(ctx.db, input, ctx.clock())
  if (isRefusal(linked)) return linked
  await applyRichMenuNow(ctx, input.lineUserId)
  return { ok: true, linked }
}

export interface LinkedByCredentials extends Linked {
  member: Member
}

/** The customer links their LINE account in the LIFF app with their member number and birthday or PIN. */
export async function linkWithCredentials(
  ctx: LineUseCaseContext,
  input: { lineUserId: string; credentials: MemberCredentials },
): Promise<LinkedByCredentials | Refusal> {
  const { lineUserId } = input
  const member = await checkMemberCredentials(ctx.db, lineUserId, input.credentials, ctx.clock())
  if (isRefusal(member)) return member
  const done = await linkMembership(ctx, {
    lineUserId,
    memberId: member.id,
    method: 'liff',
    actor: `line:${lineUserId}`,
  })
  return done.ok ? { ...done, member } : done
}

export interface AccountLinkStarted {
  ok: true
  /** Single-use, for LINE's account-link dialog; the link is made when LINE's webhook event brings it back. */
  nonce: string
}

/**
 * The account-link login page's step: the credentials checked, the membership free for this LINE account (else
 * `member_already_linked`), and a nonce issued for LINE's dialog. Nothing is linked yet.
 */
export async function startAccountLink(
  ctx: UseCaseContext,
  input: { lineUserId: string; credentials: MemberCredentials },
): Promise<AccountLinkStarted | Refusal> {
  const { lineUserId } = input
  const member = await checkMemberCredentials(ctx.db, lineUserId, input.credentials, ctx.clock())
  if (isRefusal(member)) return member
  const account = await findAccountOfMember(ctx.db, member.id)
  if (account && account.lineUserId !== lineUserId) return memberTaken()
  return { ok: true, nonce: await issueNonce(ctx.db, lineUserId, member.id, ctx.clock()) }
}
