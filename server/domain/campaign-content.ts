// Campaign content as the composer edits it (text, or a coupon / news / points-notice Flex template) and the
// Messaging API messages it becomes: one message per campaign, identical for every recipient (multicast) unless its
// text has placeholders (campaign-placeholders.ts), then rendered per member.
import { z } from 'zod'
import { multiLine, singleLine } from './free-text'

const httpsUrl = z.url({ protocol: /^https$/ }).max(1000)
const title = singleLine(z.string().trim().min(1).max(60))
const body = multiLine(z.string().trim().min(1).max(500))
const buttonLabel = singleLine(z.string().trim().min(1).max(20))

export const CampaignContentSchema = z
  .discriminatedUnion('template', [
    z.object({ template: z.literal('text'), text: multiLine(z.string().trim().min(1).max(2000)) }),
    z.object({
      template: z.literal('coupon'),
      title,
      description: body,
      code: singleLine(z.string().trim().min(1).max(30)).optional(),
      validUntil: z.iso.date().optional(),
      imageUrl: httpsUrl.optional(),
      url: httpsUrl.optional(),
      buttonLabel: buttonLabel.optional(),
    }),
    z.object({
      template: z.literal('news'),
      title,
      body,
      imageUrl: httpsUrl.optional(),
      url: httpsUrl.optional(),
      buttonLabel: buttonLabel.optional(),
    }),
    z.object({
      template: z.literal('points'),
      title,
      body,
      url: httpsUrl.optional(),
      buttonLabel: buttonLabel.optional(),
    }),
  ])
  .meta({ id: 'CampaignContent' })

export type CampaignContent = z.infer<typeof CampaignContentSchema>

const brand = '#06C755'
const muted = '#8A8F98'

type FlexComponent = Record<string, unknown>

const text = (value: string, extra: FlexComponent = {}): FlexComponent => ({
  type: 'text',
  text: value,
  wrap: true,
  ...extra,
})

function hero(imageUrl: string | undefined): FlexComponent | undefined {
  return imageUrl
    ? { type: 'image', url: imageUrl, size: 'full', aspectRatio: '20:13', aspectMode: 'cover' }
    : undefined
}

function footer(url: string | undefined, label: string): FlexComponent | undefined {
  if (!url) return undefined
  return {
    type: 'box',
    layout: 'vertical',
    contents: [{ type: 'button', style: 'primary', color: brand, action: { type: 'uri', label, uri: url } }],
  }
}

function bubble(parts: { hero?: FlexComponent; body: FlexComponent[]; footer?: FlexComponent }): FlexComponent {
  return {
    type: 'bubble',
    ...(parts.hero ? { hero: parts.hero } : {}),
    body: { type: 'box', layout: 'vertical', spacing: 'md', contents: parts.body },
    ...(parts.footer ? { footer: parts.footer } : {}),
  }
}

const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value)

/** "2026-12-31" → "2026年12月31日". */
const japaneseDate = (date: string) => {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** The Messaging API messages for a campaign's content. */
export function campaignMessages(content: CampaignContent): unknown[] {
  switch (content.template) {
    case 'text':
      // LINE's limit for a text message; placeholders may have made a 2,000-character template longer.
      return [{ type: 'text', text: clip(content.text, 5000) }]
    case 'coupon': {
      const rows: FlexComponent[] = [
        text('COUPON', { size: 'xs', color: brand, weight: 'bold' }),
        text(content.title, { size: 'xl', weight: 'bold' }),
        text(content.description, { size: 'sm', color: '#555555' }),
      ]
      if (content.code) {
        rows.push({
          type: 'box',
          layout: 'vertical',
          backgroundColor: '#F2F4F6',
          cornerRadius: 'md',
          paddingAll: 'md',
          contents: [
            text('クーポンコード', { size: 'xxs', color: muted, align: 'center' }),
            text(content.code, { size: 'lg', weight: 'bold', align: 'center' }),
          ],
        })
      }
      if (content.validUntil)
        rows.push(text(`有効期限: ${japaneseDate(content.validUntil)}まで`, { size: 'xs', color: muted }))
      const flex = bubble({
        hero: hero(content.imageUrl),
        body: rows,
        footer: footer(content.url, content.buttonLabel ?? 'クーポンを使う'),
      })
      return [{ type: 'flex', altText: clip(`【クーポン】${content.title}`, 400), contents: flex }]
    }
    case 'news': {
      const flex = bubble({
        hero: hero(content.imageUrl),
        body: [
          text('NEWS', { size: 'xs', color: brand, weight: 'bold' }),
          text(content.title, { size: 'lg', weight: 'bold' }),
          text(content.body, { size: 'sm', color: '#555555' }),
        ],
        footer: footer(content.url, content.buttonLabel ?? '詳しく見る'),
      })
      return [{ type: 'flex', altText: clip(`【お知らせ】${content.title}`, 400), contents: flex }]
    }
    case 'points': {
      const flex = bubble({
        body: [
          {
            type: 'box',
            layout: 'vertical',
            backgroundColor: brand,
            cornerRadius: 'md',
            paddingAll: 'lg',
            contents: [
              text('POINT', { size: 'xs', color: '#FFFFFF', weight: 'bold' }),
              text(content.title, { size: 'lg', color: '#FFFFFF', weight: 'bold' }),
            ],
          },
          text(content.body, { size: 'sm', color: '#555555' }),
        ],
        footer: footer(content.url, content.buttonLabel ?? '会員証を開く'),
      })
      return [{ type: 'flex', altText: clip(`【ポイントのお知らせ】${content.title}`, 400), contents: flex }]
    }
  }
}

/** SHA-256 of the messages: identical content, so the sender may multicast it. */
export async function contentHash(messages: unknown[]): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(messages)))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
