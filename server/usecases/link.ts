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

/** A customer proving a membership theirs: their LINE account, the member number and a birthday or PIN. */
export interface CredentialsInput {
  lineUserId: string
  credentials: MemberCredentials
}

const credentialsMember = (ctx: UseCaseContext, input: CredentialsInput) =>
  checkMemberCredentials(ctx.db, input.lineUserId, input.credentials, ctx.clock())

/** The customer links their LINE account in the LIFF app with their member number and birthday or PIN. */
export async function linkWithCredentials(
  ctx: LineUseCaseContext,
  input: CredentialsInput,
): Promise<(Linked & { member: Member }) | Refusal> {
  const member = await credentialsMember(ctx, input)
  if (isRefusal(member)) return member
  const actor = `line:${input.lineUserId}`
  const done = await linkMembership(ctx, { lineUserId: input.lineUserId, memberId: member.id, method: 'liff', actor })
  return done.ok ? { ...done, member } : done
}

/**
 * The account-link login page's step: the credentials checked, the membership free for this LINE account (else
 * `member_already_linked`), and a single-use nonce for LINE's dialog, whose webhook event then makes the link.
 */
export async function startAccountLink(
  ctx: UseCaseContext,
  input: CredentialsInput,
): Promise<{ ok: true; nonce: string } | Refusal> {
  const member = await credentialsMember(ctx, input)
  if (isRefusal(member)) return member
  const account = await findAccountOfMember(ctx.db, member.id)
  if (account && account.lineUserId !== input.lineUserId) return memberTaken()
  return { ok: true, nonce: await issueNonce(ctx.db, input.lineUserId, member.id, ctx.clock()) }
}
