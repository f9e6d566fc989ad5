import { describe, expect, it } from 'vitest'
import { createInbox } from '../../../../server/sandbox/inbox'
import { createWebhookSender } from '../../../../server/sandbox/webhook-sender'
import { alice, inboxPage, pushed } from '../../../support/sandbox-inbox'

const reservationCard = {
  type: 'bubble',
  header: {
    type: 'box',
    layout: 'vertical',
    contents: [{ type: 'text', text: 'ご予約のお知らせ', weight: 'bold', size: 'lg', color: '#06C755' }],
  },
  body: {
    type: 'box',
    layout: 'vertical',
    spacing: 'md',
    contents: [
      {
        type: 'box',
        layout: 'baseline',
        contents: [
          { type: 'text', text: '日時', color: '#999999', flex: 1 },
          { type: 'text', text: '7月3日 18:00', flex: 3 },
        ],
      },
      { type: 'separator' },
      { type: 'text', text: '<script>alert(1)</script>', wrap: true },
    ],
  },
  footer: {
    type: 'box',
    layout: 'horizontal',
    contents: [
      {
        type: 'button',
        style: 'primary',
        action: { type: 'postback', label: '来店します', data: 'reservation=42&answer=yes' },
      },
      { type: 'button', style: 'link', action: { type: 'uri', label: '詳細', uri: 'https://example.com/r/42' } },
    ],
  },
}

describe('sandbox inbox page', () => {
  it('renders a Flex bubble as a card with its texts and buttons, not as JSON', async () => {
    const messaging = await pushed([{ type: 'flex', altText: 'ご予約', contents: reservationCard }])
    const page = await inboxPage(messaging)
    expect(page).toContain('class="fx-bubble"')
    expect(page).toContain('ご予約のお知らせ')
    expect(page).toContain('7月3日 18:00')
    expect(page).toContain('来店します')
    expect(page).toContain('href="https://example.com/r/42"')
    expect(page).toContain('name="data" value="reservation=42&amp;answer=yes"')
    expect(page).not.toContain('"type":"bubble"')
  })

  it('escapes message text so a <script> is shown, never run', async () => {
    const messaging = await pushed([
      { type: 'text', text: '<script>alert("x")</script>' },
      { type: 'flex', altText: 'x', contents: reservationCard },
    ])
    const page = await inboxPage(messaging)
    expect(page).not.toContain('<script>')
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
  })

  it('shows the shop name as sender and times in Asia/Tokyo', async () => {
    const messaging = await pushed([{ type: 'text', text: 'おはようございます' }], () => Date.UTC(2026, 6, 2, 23, 30))
    const page = await inboxPage(messaging, '渋谷カフェ')
    expect(page).toContain('<span class="sender">渋谷カフェ</span>')
    expect(page).toContain('7/3 08:30')
  })

  it("speaks one language: the browser's first choice, Japanese by default", async () => {
    const messaging = await pushed([{ type: 'text', text: 'hello' }])
    const inbox = createInbox({ messaging }).app
    const english = await (
      await inbox.request(`/?user=${alice}`, { headers: { 'accept-language': 'en-US,ja;q=0.5' } })
    ).text()
    expect(english).toContain('<html lang="en">')
    expect(english).toContain('LINE sandbox inbox')
    expect(english).not.toContain('受信箱')
    const japanese = await (await inbox.request(`/?user=${alice}`)).text()
    expect(japanese).toContain('LINE サンドボックス受信箱')
    expect(japanese).not.toContain('Sandbox inbox')
  })

  it('lists the user in the picker and answers the messages as JSON', async () => {
    const messaging = await pushed([{ type: 'text', text: 'hello' }])
    const inbox = createInbox({ messaging }).app
    expect(await (await inbox.request('/')).text()).toContain('山田 花子 (1件)')
    const list = await (await inbox.request(`/api/${alice}`)).json()
    expect(list.map((m: { message: unknown }) => m.message)).toEqual([{ type: 'text', text: 'hello' }])
    expect(await (await inbox.request('/api/U0000000000000000000000000000dead')).json()).toEqual([])
  })

  it('sends a tapped postback button to the server as a postback event, showing only its display text', async () => {
    const messaging = await pushed([{ type: 'flex', altText: 'x', contents: reservationCard }])
    const received: unknown[] = []
    const webhook = createWebhookSender({
      webhookUrl: 'http://server.test/webhook/line',
      channelSecret: 'secret',
      messaging,
      fetch: async (_url, init) => {
        received.push(JSON.parse(String(init?.body)))
        return new Response('{}')
      },
    })
    const inbox = createInbox({ messaging, webhook }).app
    const tap = (fields: Record<string, string>) =>
      inbox.request('/', { method: 'POST', body: new URLSearchParams({ user: alice, kind: 'postback', ...fields }) })
    expect((await tap({ data: 'reservation=42&answer=yes', displayText: '来店します' })).status).toBe(303)
    expect((await tap({ data: 'silent=1' })).status).toBe(303)
    expect(received).toMatchObject([
      { events: [{ type: 'postback', postback: { data: 'reservation=42&answer=yes' }, source: { userId: alice } }] },
      { events: [{ type: 'postback', postback: { data: 'silent=1' } }] },
    ])
    const page = await (await inbox.request(`/?user=${alice}`)).text()
    expect(page).toContain('<div class="bubble">来店します</div>')
    expect(page).not.toContain('reservation=42&amp;answer=yes</div>')
    expect(page).not.toContain('silent=1</div>')
  })
})
