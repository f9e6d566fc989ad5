// The sandbox inbox: what each LINE user received, rendered as in the LINE app; taps are sent as webhook events.
import { Hono } from 'hono'
import { limitBody } from '../../middleware/body-limit'
import type { MessagingSandbox } from '../messaging'
import type { WebhookSender } from '../webhook-sender'
import { renderInboxPage, type CustomerEntry } from './page'

export interface InboxOptions {
  messaging: MessagingSandbox
  /** Without it the page is read-only. */
  webhook?: WebhookSender
  shopName?: string
  now?: () => number
}

/** Mount at `<sandboxUrl>/inbox`: `GET /?user=U...` (page), `POST /` (tap or text), `GET /api/:userId` (JSON). */
export function createInbox(options: InboxOptions): Hono {
  const { messaging, webhook } = options
  const shopName = options.shopName ?? 'Tsunagu ショップ'
  const now = options.now ?? Date.now
  const customer: CustomerEntry[] = []

  function users() {
    const ids = new Set([...messaging.record.users.keys(), ...messaging.record.inbox.keys()])
    return [...ids].map((userId) => ({
      userId,
      displayName: messaging.record.users.get(userId)?.displayName ?? userId,
      count: messaging.record.inbox.get(userId)?.length ?? 0,
    }))
  }

  const app = new Hono()

  app.get('/api/:userId', (c) => c.json(messaging.record.inbox.get(c.req.param('userId')) ?? []))

  app.get('/', (c) => {
    const list = users()
    const selected = c.req.query('user') ?? list[0]?.userId
    const page = renderInboxPage({
      shopName,
      users: list,
      selected,
      messages: (selected && messaging.record.inbox.get(selected)) || [],
      customer: customer.filter((e) => e.userId === selected),
      interactive: webhook !== undefined,
      notice: c.req.query('notice'),
    })
    return c.html(page)
  })

  // A customer's text is at most 5,000 characters (LINE's limit): about 45 KB form-encoded.
  app.post('/', limitBody(64 * 1024), async (c) => {
    const form = await c.req.parseBody()
    const userId = String(form.user ?? '')
    const back = (notice?: string) =>
      c.redirect(`?user=${encodeURIComponent(userId)}${notice ? `&notice=${encodeURIComponent(notice)}` : ''}`, 303)
    if (!webhook || !userId) return back('Webhook を送れません / Cannot send webhook events')
    const kind = String(form.kind ?? '')
    try {
      let res: Response
      if (kind === 'postback') {
        const data = String(form.data ?? '')
        customer.push({ userId, label: `[タップ] ${data}`, at: now() })
        res = await webhook.postback(userId, data)
      } else {
        const text = String(form.text ?? '').trim()
        if (!text) return back()
        customer.push({ userId, label: text, at: now() })
        res = await webhook.text(userId, text)
      }
      return back(res.ok ? undefined : `サーバーが ${res.status} を返しました / Server answered ${res.status}`)
    } catch (err) {
      return back(`Webhook 送信に失敗しました / Webhook failed: ${(err as Error).message}`)
    }
  })

  return app
}
