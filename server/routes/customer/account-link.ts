// The Messaging API account-link flow (ID連携 from the rich menu). POST /api/account-link issues LINE's link
// token for the signed-in user and answers the member login page URL; that page checks the member's credentials,
// stores a single-use nonce and redirects to LINE's account-link dialog. Linking completes on the webhook event.
import { z } from '@hono/zod-openapi'
import { Hono } from 'hono'
import type { Config } from '../../config'
import { findLinkedMember } from '../../data/card-view'
import type { AppEnv } from '../../env'
import { refusalText } from '../../domain/wait-text'
import { ApiError, conflict, retryAfterOf } from '../../errors'
import { startAccountLink } from '../../usecases/link'
import { accepted } from '../refusals'
import { loginPage, messagePage } from '../../linking/page'
import { readTicket, signTicket } from '../../linking/ticket'
import { enforceRateLimit } from '../../middleware/rate-limit'
import { clientKey } from '../../rate-limit/client-key'
import { createRouter, errorResponse, jsonResponse } from '../../openapi'
import { sessionRoute } from '../guarded-routes'

/** LINE's account-link dialog; in the sandbox, the sandbox's page that plays it. */
export function accountLinkDialogUrl(
  config: Pick<Config, 'sandbox' | 'sandboxUrl'>,
  linkToken: string,
  nonce: string,
): string {
  const base = config.sandbox
    ? `${config.sandboxUrl}/account-link/dialog`
    : 'https://access.line.me/dialog/bot/accountLink'
  return `${base}?${new URLSearchParams({ linkToken, nonce })}`
}

export const AccountLinkStart = z.object({ url: z.string() }).openapi('AccountLinkStart')

const startRoute = sessionRoute('post', '/', {
  summary: 'Start the Messaging API account-link flow: issue a link token, answer the member login page URL',
  responses: {
    200: jsonResponse('Where to send the browser', AccountLinkStart),
    409: errorResponse('Already linked (`line_already_linked`)'),
    429: errorResponse('Too many requests from this LINE user or client (`rate_limited`, with `Retry-After`)'),
    502: errorResponse('LINE did not issue a link token (`line_unavailable`)'),
  },
})

export const accountLinkApi = createRouter().openapi(startRoute, async (c) => {
  const { config, db, line, clock } = c.var.shop
  const { lineUserId } = c.var.session
  if (await findLinkedMember(db, lineUserId))
    throw conflict('line_already_linked', 'This LINE account is already linked to a membership')
  const { linkToken } = await line.messaging.issueLinkToken(lineUserId).catch((err: unknown) => {
    console.error('account link: issueLinkToken failed', err)
    throw new ApiError(502, 'line_unavailable', 'LINE could not start the linking; please try again')
  })
  const ticket = await signTicket(config.sessionSecret, { lineUserId, linkToken }, clock())
  return c.json({ url: `${config.publicUrl}/account-link/login?${new URLSearchParams({ ticket })}` }, 200)
})

const expired = {
  ja: 'このページの有効期限が切れました。LINEのメニューからもう一度お試しください。',
  en: 'This page has expired. Please start again from the LINE menu.',
}

const errorText: Record<string, { ja: string; en: string }> = {
  member_number_invalid: {
    ja: '会員番号が正しくありません。カードの10桁の番号をご確認ください。',
    en: 'That member number is not valid: check the 10 digits on your card.',
  },
  second_factor_required: { ja: '生年月日またはPINを入力してください。', en: 'Enter your birthday or your PIN.' },
  link_credentials_invalid: {
    ja: '会員番号と生年月日（またはPIN）が一致しません。',
    en: 'The member number and birthday (or PIN) do not match.',
  },
  member_already_linked: {
    ja: 'この会員証は別のLINEアカウントと連携済みです。',
    en: 'This membership is already linked to another LINE account.',
  },
}

export const accountLinkPages = new Hono<AppEnv>()
  .get('/login', async (c) => {
    const { config, clock } = c.var.shop
    const ticket = c.req.query('ticket') ?? ''
    if (!(await readTicket(config.sessionSecret, ticket, clock()))) {
      return c.html(messagePage(config.shopName, { ja: '有効期限切れ', en: 'Expired' }, expired), 400)
    }
    return c.html(loginPage({ ticket, shopName: config.shopName }))
  })
  .post('/login', async (c) => {
    const { config, clock } = c.var.shop
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim().slice(0, 40) : '')
    const rawTicket = typeof form.ticket === 'string' ? form.ticket.slice(0, 2048) : ''
    const ticket = await readTicket(config.sessionSecret, rawTicket, clock())
    if (!ticket) return c.html(messagePage(config.shopName, { ja: '有効期限切れ', en: 'Expired' }, expired), 400)
    const memberNumber = text('memberNumber')
    try {
      const address = c.var.shop.clientAddress(c)
      if (address) await enforceRateLimit(c.var.shop, 'accountLinkPerClient', clientKey(address))
      const credentials = { memberNumber, birthday: text('birthday') || undefined, pin: text('pin') || undefined }
      const { nonce } = accepted(await startAccountLink(c.var.shop, { lineUserId: ticket.lineUserId, credentials }))
      return c.redirect(accountLinkDialogUrl(config, ticket.linkToken, nonce), 302)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      const wait = retryAfterOf(err)
      if (wait !== undefined) c.header('Retry-After', String(wait))
      const message = (wait !== undefined ? refusalText(err.code, wait) : errorText[err.code]) ?? {
        ja: '連携できませんでした。',
        en: 'Linking failed.',
      }
      return c.html(
        loginPage({ ticket: rawTicket, shopName: config.shopName, memberNumber, error: message }),
        err.status,
      )
    }
  })
