import { describe, expect, it } from 'vitest'
import { campaignLinks, signClickCode, trackedMessages, verifyClickCode } from '../../../server/domain/click-links'

const secret = 'a-click-secret-of-at-least-32-characters'
const messages = [
  { type: 'text', text: 'セール https://shop.example/a と https://shop.example/b?x=1 、http://plain.example も' },
  {
    type: 'flex',
    altText: 'お知らせ',
    contents: {
      type: 'bubble',
      body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'https://shop.example/not-a-link' }] },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [{ type: 'button', action: { type: 'uri', label: '見る', uri: 'https://shop.example/a' } }],
      },
    },
  },
  { type: 'imagemap', actions: [{ type: 'uri', linkUri: 'https://shop.example/c', area: {} }] },
]

describe('click links', () => {
  it('lists the distinct https links a customer can tap: text messages, uri actions, imagemap areas', () => {
    expect(campaignLinks(messages)).toEqual([
      'https://shop.example/a',
      'https://shop.example/b?x=1',
      'https://shop.example/c',
    ])
  })

  it('rewrites each link to its code and leaves Flex text and plain http alone', () => {
    const out = JSON.stringify(trackedMessages(messages, campaignLinks(messages), (i) => `https://t.example/r/${i}`))
    expect(out).toContain('セール https://t.example/r/0 と https://t.example/r/1 、http://plain.example も')
    expect(out).toContain('"uri":"https://t.example/r/0"')
    expect(out).toContain('"linkUri":"https://t.example/r/2"')
    expect(out).toContain('https://shop.example/not-a-link')
  })

  it('verifies its own codes only: any changed character, another secret or extra bytes are refused', () => {
    const link = { campaignId: 12, memberId: 1_234_567, linkIndex: 2 }
    const code = signClickCode(secret, link)
    expect(code.length).toBeLessThanOrEqual(24)
    expect(verifyClickCode(secret, code)).toEqual(link)
    expect(verifyClickCode('another-secret-of-at-least-32-characters', code)).toBeNull()
    for (let i = 0; i < code.length; i++) {
      const changed = code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1)
      expect(verifyClickCode(secret, changed)).toBeNull()
    }
    expect(verifyClickCode(secret, `${code}AA`)).toBeNull()
    expect(verifyClickCode(secret, '../../etc/passwd')).toBeNull()
  })

  it('tells a delivery code from a campaign code: each verifies as what it was signed for', () => {
    const delivery = { deliveryId: 9_876_543, linkIndex: 1 }
    const code = signClickCode(secret, delivery)
    expect(verifyClickCode(secret, code)).toEqual(delivery)
    expect(verifyClickCode(secret, code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A'))).toBeNull()
    const campaign = signClickCode(secret, { campaignId: 9_876_543, memberId: 1, linkIndex: 1 })
    expect(verifyClickCode(secret, campaign)).toEqual({ campaignId: 9_876_543, memberId: 1, linkIndex: 1 })
  })
})
