// The inbox page: user picker, the chat timeline (shop messages and what the customer did), a message box, the rich
// menu LINE shows the user, and the sandbox's demo controls (add a newcomer, reset the demo after a confirmation).
import { html, raw } from 'hono/html'
import type { DeliveredMessage } from '../messaging'
import type { RichMenu } from '../messaging/record'
import type { ActionTarget } from '../../domain/flex/types'
import { say, type InboxLanguage } from './language'
import { renderMessageBody } from './message'
import { renderRichMenu } from './rich-menu'
import { inboxCss } from './style'
import { formatZoned, type ZonedStyle } from '../../domain/time-format'

type Html = ReturnType<typeof html>

/** The user picker's only script, allowed by its hash in the sandbox's CSP (sandbox/index.ts). */
export const submitOnChange = 'this.form.submit()'

/** Something the customer did from this page (a sent text or a tapped button's display text), shown on their side. */
export interface CustomerEntry {
  userId: string
  label: string
  at: number
}

export interface InboxPageData {
  lang: InboxLanguage
  /** Where the inbox is served (`/sandbox/inbox`): its forms post there. */
  basePath: string
  shopName: string
  /** `count`: the messages each user was sent, kept or not. */
  users: { userId: string; displayName: string; count: number }[]
  selected: string | undefined
  /** The selected user's most recent messages, as the sandbox keeps them. */
  messages: DeliveredMessage[]
  /** How many messages the selected user was sent in all: beyond `messages`, older ones the sandbox dropped. */
  delivered: number
  customer: CustomerEntry[]
  /** Set when the webhook sender is available, so taps and texts reach the server. */
  interactive: boolean
  notice?: string
  target?: ActionTarget
  richMenu?: { menu: RichMenu; imagePath: string }
  canAddNewcomer: boolean
  canReset: boolean
  /** Show the reset confirmation. */
  confirmReset: boolean
}

const labels = {
  title: ['LINE サンドボックス受信箱', 'LINE sandbox inbox'],
  user: ['お客さま', 'Customer'],
  show: ['表示', 'Show'],
  reload: ['更新', 'Reload'],
  empty: ['まだメッセージはありません', 'No messages yet'],
  dropped: ['件の古いメッセージはサンドボックスに残っていません', ' older messages are no longer kept by the sandbox'],
  placeholder: ['メッセージを送信（例: ポイント）', 'Send a message (e.g. ポイント)'],
  send: ['送信', 'Send'],
  count: ['件', ''],
  addNewcomer: ['新しいお客さまを追加', 'Add a new customer'],
  reset: ['デモをリセット', 'Reset the demo'],
  confirmTitle: ['デモを最初の状態に戻しますか？', 'Reset the demo to its first state?'],
  confirmBody: [
    '会員・ポイント・予約・キャンペーン・設定がデモの初期データに戻り、受信箱と追加したお客さまは消えます。',
    'Members, points, reservations, campaigns and settings go back to the demo data; the inbox and added customers are cleared.',
  ],
  confirmYes: ['リセットする', 'Reset'],
  confirmNo: ['やめる', 'Cancel'],
  richMenu: ['リッチメニュー', 'Rich menu'],
} as const satisfies Record<string, readonly [string, string]>

/** 11/24 18:05, as the phone (in Japan) shows a message's time. */
const messageTime: ZonedStyle = { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }

function shopRow(shopName: string, m: DeliveredMessage, target: ActionTarget): Html {
  return html`<div class="row" data-message-id="${m.id}">
    <div class="avatar">${[...shopName][0] ?? '店'}</div>
    <div class="col"><span class="sender">${shopName}</span>${raw(renderMessageBody(m, target).value)}</div>
    <span class="time">${formatZoned(m.deliveredAt, 'Asia/Tokyo', 'ja', messageTime)}</span>
  </div>`
}

function customerRow(e: CustomerEntry): Html {
  return html`<div class="row me">
    <span class="time">${formatZoned(e.at, 'Asia/Tokyo', 'ja', messageTime)}</span>
    <div class="bubble">${e.label}</div>
  </div>`
}

function timeline(data: InboxPageData): Html[] {
  const target = data.target ?? { userId: data.selected ?? '' }
  const items: { at: number; row: Html }[] = [
    ...data.messages.map((m) => ({ at: m.deliveredAt, row: shopRow(data.shopName, m, target) })),
    ...data.customer.map((e) => ({ at: e.at, row: customerRow(e) })),
  ]
  return items.sort((a, b) => a.at - b.at).map((i) => i.row)
}

function resetConfirmation(lang: InboxLanguage, basePath: string): Html {
  return html`<section class="confirm" role="alertdialog" aria-labelledby="confirm-title">
    <h2 id="confirm-title">${say(lang, labels.confirmTitle)}</h2>
    <p>${say(lang, labels.confirmBody)}</p>
    <form method="post" action="${basePath}/reset" class="confirm-actions">
      <a href="?">${say(lang, labels.confirmNo)}</a><button class="danger">${say(lang, labels.confirmYes)}</button>
    </form>
  </section>`
}

export function renderInboxPage(data: InboxPageData): Html {
  const { lang } = data
  const options = data.users.map(
    (u) =>
      html`<option value="${u.userId}" ${u.userId === data.selected ? ' selected' : ''}>
        ${u.displayName} (${u.count}${say(lang, labels.count)})
      </option>`,
  )
  const rows = timeline(data)
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${say(lang, labels.title)}</title>
        <style>
          ${raw(inboxCss)}
        </style>
      </head>
      <body>
        <header>
          <h1>${data.shopName} — ${say(lang, labels.title)}</h1>
          <form method="get">
            <label
              >${say(lang, labels.user)}
              <select name="user" onchange="${submitOnChange}">
                ${options}
              </select></label
            ><noscript><button>${say(lang, labels.show)}</button></noscript>
          </form>
          <div class="tools">
            <a href="" class="tool">${say(lang, labels.reload)}</a>
            ${data.canAddNewcomer
              ? html`<form method="post" action="${data.basePath}/newcomer">
                  <button class="tool" data-testid="add-newcomer">${say(lang, labels.addNewcomer)}</button>
                </form>`
              : ''}
            ${data.canReset
              ? html`<a href="?confirm=reset" class="tool" data-testid="reset-demo">${say(lang, labels.reset)}</a>`
              : ''}
          </div>
        </header>
        <main>
          ${data.confirmReset && data.canReset ? resetConfirmation(lang, data.basePath) : ''}
          ${data.notice ? html`<p class="empty" role="status">${data.notice}</p>` : ''}
          ${data.delivered > data.messages.length
            ? html`<p class="empty" data-testid="dropped">
                ${data.delivered - data.messages.length}${say(lang, labels.dropped)}
              </p>`
            : ''}
          ${rows.length || data.delivered ? rows : html`<p class="empty">${say(lang, labels.empty)}</p>`}
        </main>
        <footer class="chat-foot">
          ${data.interactive && data.selected
            ? html`<form method="post" class="say">
                <input type="hidden" name="user" value="${data.selected}" /><input
                  type="hidden"
                  name="kind"
                  value="message"
                /><input
                  name="text"
                  aria-label="${say(lang, labels.send)}"
                  placeholder="${say(lang, labels.placeholder)}"
                  required
                /><button>${say(lang, labels.send)}</button>
              </form>`
            : ''}
          ${data.richMenu && data.target
            ? html`<nav aria-label="${say(lang, labels.richMenu)}">
                ${raw(renderRichMenu(data.richMenu.menu, data.richMenu.imagePath, data.target).value)}
              </nav>`
            : ''}
        </footer>
      </body>
    </html>`
}
