import { describe, expect, it } from 'vitest'
import { sampleReceipt as receipt } from '../../../support/sample-receipt'
import { reservationReminder } from '../../../../server/messages/reservation-reminder'
import { inboxPage, pushed } from '../../../support/sandbox-inbox'

async function page(messages: unknown[]) {
  return inboxPage(await pushed(messages))
}

/** A Flex message of one bubble whose body is a vertical box of `contents` (with the box's other properties). */
function bodyBubble(contents: unknown[], box: Record<string, unknown> = {}) {
  return {
    type: 'flex',
    altText: 'x',
    contents: { type: 'bubble', body: { type: 'box', layout: 'vertical', ...box, contents } },
  }
}

/** The inline style of the first element whose text is `text`. */
function styleOf(html: string, text: string): string {
  const match = new RegExp(`style="([^"]*)"[^>]*>\\s*${text}\\s*<`).exec(html)
  if (!match) throw new Error(`no element with text ${text}`)
  return match[1]!
}

describe('sandbox inbox Flex layout', () => {
  it('keeps a flex: 0 label at its content width and gives the value beside it the rest (flex 1)', async () => {
    const html = await page([receipt])
    expect(styleOf(html, '保有ポイント')).toContain('flex:0 0 auto')
    expect(styleOf(html, '1,809 pt')).toContain('flex:1 1 0')
    expect(styleOf(html, '1,809 pt')).toContain('text-align:end')
  })

  it('shares a baseline row by the flex ratio and keeps vertical children at their content height', async () => {
    const reminder = reservationReminder({
      reservationId: 7,
      memberName: '山田 花子',
      startsAt: new Date('2026-11-24T09:00:00Z'),
      partySize: 2,
      menu: 'カット',
      store: { name: '渋谷店', timeZone: 'Asia/Tokyo', mapUrl: null, address: null },
    })
    const html = await page([reminder])
    expect(styleOf(html, '日付')).toContain('flex:2 1 0')
    expect(styleOf(html, '渋谷店')).toContain('flex:5 1 0')
    expect(styleOf(html, 'ご予約のお知らせ')).toContain('flex:0 0 auto')
  })

  it('puts the parent spacing or the component margin before a component, along the box axis', async () => {
    const html = await page([
      bodyBubble(
        [
          { type: 'text', text: 'first' },
          { type: 'text', text: 'second' },
          { type: 'text', text: 'third', margin: 'xl' },
          {
            type: 'box',
            layout: 'horizontal',
            contents: [
              { type: 'text', text: 'left', flex: 0 },
              { type: 'text', text: 'right', margin: 'lg' },
            ],
          },
        ],
        { spacing: 'sm' },
      ),
    ])
    expect(styleOf(html, 'first')).not.toContain('margin')
    expect(styleOf(html, 'second')).toContain('margin-top:4px')
    expect(styleOf(html, 'third')).toContain('margin-top:16px')
    expect(styleOf(html, 'right')).toContain('margin-inline-start:12px')
  })

  it('pads header and body 20px and the footer 10px unless the block box sets its own padding', async () => {
    const html = await page([receipt])
    expect(html).toMatch(/class="fx-body"[^>]*>\s*<div class="fx-box fx-vertical" style="[^"]*padding:20px/)
    expect(html).toMatch(/class="fx-footer"[^>]*>\s*<div class="fx-box fx-vertical" style="[^"]*padding:10px/)
  })

  it('sizes text by LINE tokens (md 16px by default) and images by size, ratio and mode', async () => {
    const html = await page([
      {
        type: 'flex',
        altText: 'x',
        contents: {
          type: 'bubble',
          size: 'kilo',
          hero: {
            type: 'image',
            url: 'https://shop.test/hero.png',
            size: 'full',
            aspectRatio: '20:13',
            aspectMode: 'cover',
          },
          body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'big', size: 'xl' }] },
        },
      },
    ])
    expect(html).toContain('style="width:260px"')
    expect(html).toMatch(
      /<img class="fx-image" src="https:\/\/shop.test\/hero.png"[^>]*style="width:100%;aspect-ratio:20 \/ 13;object-fit:cover"/,
    )
    expect(styleOf(html, 'big')).toContain('font-size:22px')
  })

  it('makes message actions send their text and uri actions open their link', async () => {
    const html = await page([
      bodyBubble([
        { type: 'button', action: { type: 'message', label: '残高', text: 'ポイント' } },
        { type: 'button', action: { type: 'uri', label: '地図', uri: 'https://maps.test/?q=1' } },
      ]),
    ])
    expect(html).toContain('name="kind" value="message"')
    expect(html).toContain('name="text" value="ポイント"')
    expect(html).toContain('href="https://maps.test/?q=1"')
  })
})
