// The inbox page: user picker, the chat timeline (shop messages and what the customer did), a message box.
import { html, raw } from 'hono/html'
import type { DeliveredMessage } from '../messaging'
import type { Html } from './flex/types'
import { renderMessageBody } from './message'
import { inboxCss } from './style'

/** The user picker's only script, allowed by its hash in the sandbox's CSP (sandbox/index.ts). */
export const submitOnChange = 'this.form.submit()'

/** Something the customer did from this page (a sent text or a tapped button), shown on their side. */
export interface CustomerEntry {
  userId: string
  label: string
  at: number
}

export interface InboxPageData {
  shopName: string
  users: { userId: string; displayName: string; count: number }[]
  selected: string | undefined
  messages: DeliveredMessage[]
  customer: CustomerEntry[]
  /** Set when the webhook sender is available, so taps and texts reach the server. */
  interactive: boolean
  notice?: string
}

const tokyo = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

function shopRow(shopName: string, m: DeliveredMessage): Html {
  return html`<div class="row" data-message-id="${m.id}">
    <div class="avatar">${[...shopName][0] ?? '店'}</div>
    <div class="col"><span class="sender">${shopName}</span>${renderMessageBody(m)}</div>
    <span class="time">${tokyo.format(m.deliveredAt)}</span>
  </div>`
}

function customerRow(e: CustomerEntry): Html {
  return html`<div class="row me">
    <span class="time">${tokyo.format(e.at)}</span>
    <div class="bubble">${e.label}</div>
  </div>`
}

function timeline(data: InboxPageData): Html[] {
  const items: { at: number; row: Html }[] = [
    ...data.messages.map((m) => ({ at: m.deliveredAt, row: shopRow(data.shopName, m) })),
    ...data.customer.map((e) => ({ at: e.at, row: customerRow(e) })),
  ]
  return items.sort((a, b) => a.at - b.at).map((i) => i.row)
}

export function renderInboxPage(data: InboxPageData): Html {
  const options = data.users.map(
    (u) =>
      html`<option value="${u.userId}" ${u.userId === data.selected ? ' selected' : ''}>
        ${u.displayName} (${u.count}件)
      </option>`,
  )
  const rows = timeline(data)
  return html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>LINE サンドボックス受信箱 / Sandbox inbox</title>
        <style>
          ${raw(inboxCss)}
        </style>
      </head>
      <body>
        <header>
          <h1>${data.shopName} — LINE サンドボックス受信箱 <small>/ Sandbox inbox</small></h1>
          <form method="get">
            <label
              >お客さま / User
              <select name="user" onchange="${submitOnChange}">
                ${options}
              </select></label
            ><noscript><button>表示</button></noscript>
          </form>
          <a href="" style="color:#fff">更新 / Reload</a>
        </header>
        <main>
          ${data.notice ? html`<p class="empty">${data.notice}</p>` : ''}
          ${rows.length ? rows : html`<p class="empty">まだメッセージはありません / No messages yet</p>`}
          ${data.interactive && data.selected
            ? html`<form method="post" class="say">
                <input type="hidden" name="user" value="${data.selected}" /><input
                  type="hidden"
                  name="kind"
                  value="message"
                /><input name="text" placeholder="メッセージを送信（例: ポイント）" required /><button>送信</button>
              </form>`
            : ''}
        </main>
      </body>
    </html>`
}
