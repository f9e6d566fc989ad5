// Server-rendered pages of the account-link flow: plain HTML forms sized for LINE's in-app browser.
import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

const style = raw(`<style>
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans CJK JP",sans-serif;background:#f3f5f7;color:#1d2329}
main{max-width:420px;margin:0 auto;padding:24px 18px}h1{font-size:20px;margin:0 0 6px}.sub{display:block;font-size:12px;color:#67707a;font-weight:400}
p{line-height:1.7;font-size:14px}label{display:block;margin:16px 0 6px;font-weight:600;font-size:14px}
input{width:100%;font-size:17px;padding:12px;border:1px solid #c5ccd3;border-radius:10px;background:#fff}
input:focus{outline:2px solid #06c755;border-color:#06c755}button,.button{display:block;width:100%;margin-top:22px;padding:14px;border:0;border-radius:12px;background:#06c755;color:#fff;font-size:16px;font-weight:700;text-align:center;text-decoration:none}
.secondary{background:#e3e7eb;color:#1d2329}.error{background:#fdecec;color:#a01919;border-radius:10px;padding:12px;font-size:14px}.hint{font-size:12px;color:#67707a;margin-top:4px}
.card{background:#fff;border-radius:14px;padding:18px;box-shadow:0 1px 3px rgb(0 0 0/8%)}
</style>`)

export function page(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>, lang: 'ja' | 'en' = 'ja') {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        ${style}
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`
}

export interface LoginFormState {
  ticket: string
  shopName: string
  memberNumber?: string
  error?: { ja: string; en: string }
}

export function loginPage(state: LoginFormState) {
  return page(
    `会員ログイン | ${state.shopName}`,
    html`<h1>会員ログイン<span class="sub">Member login</span></h1>
      <p>
        ${state.shopName}の会員証とLINEアカウントを連携します。会員番号と生年月日（またはPIN）を入力してください。<br /><span
          class="sub"
          >Link your ${state.shopName} membership to LINE: enter your member number and birthday (or PIN).</span
        >
      </p>
      ${state.error
        ? html`<p class="error" role="alert" data-testid="login-error">
            ${state.error.ja}<br /><span class="sub">${state.error.en}</span>
          </p>`
        : ''}
      <form method="post" action="/account-link/login" class="card">
        <input type="hidden" name="ticket" value="${state.ticket}" />
        <label for="memberNumber">会員番号 <span class="sub">Member number (10 digits)</span></label>
        <input
          id="memberNumber"
          name="memberNumber"
          inputmode="numeric"
          autocomplete="off"
          required
          maxlength="20"
          value="${state.memberNumber ?? ''}"
          placeholder="0000000000"
        />
        <label for="birthday">生年月日 <span class="sub">Birthday</span></label>
        <input id="birthday" name="birthday" type="date" min="1900-01-01" />
        <p class="hint">
          PINをお持ちの方は生年月日の代わりにPINを入力できます。 / If you have a PIN you can enter it instead.
        </p>
        <label for="pin">PIN（任意） <span class="sub">PIN (optional)</span></label>
        <input id="pin" name="pin" inputmode="numeric" autocomplete="off" maxlength="8" pattern="[0-9０-９]{4,8}" />
        <button type="submit">LINEと連携する<span class="sub" style="color:#fff">Link with LINE</span></button>
      </form>`,
  )
}

export function messagePage(shopName: string, title: { ja: string; en: string }, body: { ja: string; en: string }) {
  return page(
    `${title.ja} | ${shopName}`,
    html`<h1>${title.ja}<span class="sub">${title.en}</span></h1>
      <p data-testid="message-body">${body.ja}<br /><span class="sub">${body.en}</span></p>`,
  )
}
