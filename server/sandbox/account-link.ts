// Plays LINE's account-link dialog (`access.line.me/dialog/bot/accountLink`): checks the link token, asks the
// user to confirm, then sends the signed `accountLink` webhook event (ok or failed) to the server.
import { Hono, type Context } from 'hono'
import { html } from 'hono/html'
import { formBodyLimitBytes, limitBody } from '../middleware/body-limit'
import type { MessagingSandbox } from './messaging'
import type { WebhookSender } from './webhook-sender'

/** LINE's link tokens are valid for 10 minutes and once. */
export const linkTokenTtlMs = 10 * 60_000

export interface AccountLinkDialogOptions {
  messaging: MessagingSandbox
  webhook: WebhookSender
  publicUrl: string
  now?: () => number
}

const shell = (body: unknown) =>
  html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>LINE アカウント連携 (sandbox)</title>
      </head>
      <body style="font-family:system-ui,sans-serif;max-width:420px;margin:0 auto;padding:24px 18px;background:#fff">
        <p style="font-size:12px;color:#888">LINE サンドボックス / LINE sandbox</p>
        ${body}
      </body>
    </html>`

export function createAccountLinkDialog(options: AccountLinkDialogOptions): Hono {
  const now = options.now ?? Date.now
  const { record } = options.messaging
  const valid = (linkToken: string) => {
    const entry = record.linkTokens.get(linkToken)
    return entry && now() - entry.issuedAt <= linkTokenTtlMs ? entry : undefined
  }
  const invalid = (c: Context) =>
    c.html(
      shell(
        html`<h1 style="font-size:18px">無効なリンクです</h1>
          <p data-testid="dialog-invalid">
            連携トークンが無効か期限切れです。<br />The link token is invalid or expired.
          </p>`,
      ),
      400,
    )

  return new Hono()
    .get('/dialog', (c) => {
      const linkToken = c.req.query('linkToken') ?? ''
      const nonce = c.req.query('nonce') ?? ''
      if (!valid(linkToken) || !nonce) return invalid(c)
      return c.html(
        shell(
          html`<h1 style="font-size:18px">アカウント連携<br /><small>Link accounts</small></h1>
            <p>
              LINEアカウントとショップの会員情報を連携しますか？<br />Link your LINE account with the shop's membership?
            </p>
            <form method="post" action="dialog">
              <input type="hidden" name="linkToken" value="${linkToken}" /><input
                type="hidden"
                name="nonce"
                value="${nonce}"
              />
              <button
                name="decision"
                value="ok"
                data-testid="dialog-allow"
                style="width:100%;padding:14px;background:#06c755;color:#fff;border:0;border-radius:10px;font-size:16px"
              >
                連携する / Link
              </button>
              <button
                name="decision"
                value="failed"
                data-testid="dialog-cancel"
                style="width:100%;margin-top:10px;padding:14px;border:0;border-radius:10px;font-size:16px"
              >
                キャンセル / Cancel
              </button>
            </form>`,
        ),
      )
    })
    .post('/dialog', limitBody(formBodyLimitBytes), async (c) => {
      const form = await c.req.parseBody()
      const linkToken = String(form.linkToken ?? '')
      const nonce = String(form.nonce ?? '')
      const entry = valid(linkToken)
      if (!entry || !nonce) return invalid(c)
      record.linkTokens.delete(linkToken)
      const result = form.decision === 'ok' ? 'ok' : 'failed'
      const res = await options.webhook.accountLink(entry.lineUserId, result, nonce)
      if (!res.ok) return c.html(shell(html`<p>webhook delivery failed: ${res.status}</p>`), 502)
      return c.html(
        shell(
          html`<h1 style="font-size:18px" data-testid="dialog-done">
              ${result === 'ok' ? '連携を受け付けました' : '連携をキャンセルしました'}
            </h1>
            <p>${result === 'ok' ? 'Linking was accepted.' : 'Linking was cancelled.'}</p>
            <p><a href="${options.publicUrl}/" data-testid="dialog-back">会員証を開く / Open the member card</a></p>`,
        ),
      )
    })
}
