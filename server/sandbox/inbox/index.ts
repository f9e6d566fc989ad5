// The sandbox inbox: what each LINE user received, rendered as in the LINE app, with the rich menu LINE shows them;
// taps and texts are sent as webhook events, newcomers can be added and the demo reset from here.
import { Hono } from 'hono'
import { csrf } from 'hono/csrf'
import { limitBody } from '../../middleware/body-limit'
import type { MessagingSandbox } from '../messaging'
import type { PersonaRegistry } from '../personas'
import type { WebhookSender } from '../webhook-sender'
import { inboxLanguage, say } from './language'
import { renderInboxPage, type CustomerEntry } from './page'
import { shownMenu } from './rich-menu'

export interface InboxOptions {
  messaging: MessagingSandbox
  /** Without it the page is read-only. */
  webhook?: WebhookSender
  shopName?: string
  now?: () => number
  /** Who the users are: links into the app open it as their persona. */
  personas?: PersonaRegistry
  /** The app's public URL (where the LIFF app is served). */
  appUrl?: string
  /** The path the inbox is served at (`/sandbox/inbox`), for the rich menu images. */
  basePath?: string
  /** Adds a newcomer (fresh LINE user, follow event); enables 「新しいお客さまを追加」. */
  addNewcomer?: () => Promise<{ lineUserId: string }>
  /** Resets the demo (the shop's data and the sandbox); enables 「デモをリセット」. */
  resetDemo?: () => Promise<void>
}

export interface Inbox {
  app: Hono
  /** Forgets what customers did here (texts, taps, menu switches). */
  reset(): void
}

/** Mount at `<sandboxUrl>/inbox`: `GET /?user=U...` (page), `POST /` (tap or text), `GET /api/:userId` (JSON). */
export function createInbox(options: InboxOptions): Inbox {
  const { messaging, webhook } = options
  const shopName = options.shopName ?? 'Tsunagu ショップ'
  const now = options.now ?? Date.now
  const basePath = options.basePath ?? ''
  const customer: CustomerEntry[] = []
  /** Menus users switched to with a richmenuswitch action: shown instead of their linked or default menu. */
  const switched = new Map<string, string>()

  // Users with kept messages (the record keeps only recent ones), and everyone the sandbox knows.
  function users() {
    const ids = new Set([...messaging.record.users.keys(), ...messaging.record.inbox.keys()])
    return [...ids].map((userId) => ({
      userId,
      displayName: messaging.record.users.get(userId)?.displayName ?? userId,
      count: messaging.record.delivered.get(userId) ?? 0,
    }))
  }

  const app = new Hono()

  app.get('/api/:userId', (c) => c.json(messaging.record.inbox.get(c.req.param('userId')) ?? []))

  app.get('/richmenu/:richMenuId', (c) => {
    const id = c.req.param('richMenuId')
    const image = messaging.record.richMenuImages.get(id)
    const menu = messaging.record.richMenus.get(id)
    if (!image || !menu?.image) return c.notFound()
    return c.body(image as Uint8Array<ArrayBuffer>, 200, {
      'content-type': menu.image.contentType,
      'cache-control': 'no-store',
    })
  })

  app.get('/', (c) => {
    const list = users()
    const selected = c.req.query('user') ?? list[0]?.userId
    const menu = selected ? shownMenu(messaging.record, selected, switched.get(selected)) : undefined
    const page = renderInboxPage({
      lang: inboxLanguage(c.req.query('lang'), c.req.header('accept-language')),
      basePath,
      shopName,
      users: list,
      selected,
      messages: (selected && messaging.record.inbox.get(selected)) || [],
      delivered: (selected && messaging.record.delivered.get(selected)) || 0,
      customer: customer.filter((e) => e.userId === selected),
      interactive: webhook !== undefined,
      notice: c.req.query('notice'),
      target: selected
        ? { userId: selected, personaKey: options.personas?.byUserId(selected)?.key, appOrigin: options.appUrl }
        : undefined,
      richMenu: menu && { menu, imagePath: `${basePath}/richmenu` },
      canAddNewcomer: options.addNewcomer !== undefined,
      canReset: options.resetDemo !== undefined,
      confirmReset: c.req.query('confirm') === 'reset',
    })
    return c.html(page)
  })

  // Form posts that change the demo must come from this page, not from another site the browser has open.
  app.post('/newcomer', csrf(), async (c) => {
    if (!options.addNewcomer) return c.redirect(basePath || '/', 303)
    const { lineUserId } = await options.addNewcomer()
    return c.redirect(`${basePath}?user=${encodeURIComponent(lineUserId)}`, 303)
  })

  app.post('/reset', csrf(), async (c) => {
    if (!options.resetDemo) return c.redirect(basePath || '/', 303)
    const lang = inboxLanguage(undefined, c.req.header('accept-language'))
    try {
      await options.resetDemo()
      const done = lang === 'en' ? 'The demo was reset' : 'デモを最初の状態に戻しました'
      return c.redirect(`${basePath}?notice=${encodeURIComponent(done)}`, 303)
    } catch (err) {
      const failed = lang === 'en' ? 'Reset failed' : 'リセットに失敗しました'
      return c.redirect(`${basePath}?notice=${encodeURIComponent(`${failed}: ${(err as Error).message}`)}`, 303)
    }
  })

  // A customer's text is at most 5,000 characters (LINE's limit): about 45 KB form-encoded.
  app.post('/', limitBody(64 * 1024), async (c) => {
    const form = await c.req.parseBody()
    const lang = inboxLanguage(undefined, c.req.header('accept-language'))
    const userId = String(form.user ?? '')
    const back = (notice?: string) =>
      c.redirect(`?user=${encodeURIComponent(userId)}${notice ? `&notice=${encodeURIComponent(notice)}` : ''}`, 303)
    if (!webhook || !userId) return back(say(lang, ['Webhook を送れません', 'Cannot send webhook events']))
    const kind = String(form.kind ?? '')
    try {
      let res: Response
      if (kind === 'postback') {
        // LINE shows the action's displayText as the customer's message, and nothing when there is none.
        const displayText = typeof form.displayText === 'string' ? form.displayText : ''
        if (displayText) customer.push({ userId, label: displayText, at: now() })
        res = await webhook.postback(userId, String(form.data ?? ''))
      } else if (kind === 'richmenuswitch') {
        const alias = String(form.alias ?? '')
        const richMenuId = messaging.record.richMenuAliases.get(alias)
        if (richMenuId) switched.set(userId, richMenuId)
        res = await webhook.postback(userId, String(form.data ?? ''), {
          newRichMenuAliasId: alias,
          status: richMenuId ? 'SUCCESS' : 'RICHMENU_ALIAS_ID_NOTFOUND',
        })
      } else {
        const text = String(form.text ?? '').trim()
        if (!text) return back()
        customer.push({ userId, label: text, at: now() })
        res = await webhook.text(userId, text)
      }
      return back(
        res.ok ? undefined : say(lang, [`サーバーが ${res.status} を返しました`, `The server answered ${res.status}`]),
      )
    } catch (err) {
      return back(`${say(lang, ['Webhook 送信に失敗しました', 'Webhook failed'])}: ${(err as Error).message}`)
    }
  })

  return {
    app,
    reset() {
      customer.length = 0
      switched.clear()
    },
  }
}
