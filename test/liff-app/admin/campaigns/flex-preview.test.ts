import { describe, expect, it } from 'vitest'
import { sampleReceipt as receipt } from '../../../support/sample-receipt'
import { flexPreviewHtml } from '../../../../liff-app/src/admin/campaigns/flex-preview'
import { flexCss } from '../../../../server/domain/flex/style'
import type { FlexNode } from '../../../../server/domain/flex/types'
import { renderMessageBody } from '../../../../server/sandbox/inbox/message'
import { inboxCss } from '../../../../server/sandbox/inbox/style'

/** Every laid-out element but the tap targets: its class, inline style and own text, in document order. */
function layout(html: string): string[] {
  const withoutTaps = html
    .replace(/<form[\s\S]*?<\/form>/g, '')
    .replace(/<a class="fx-button[\s\S]*?<\/a\s*>/g, '')
    .replace(/<div class="fx-button[^"]*"[\s\S]*?<\/div>/g, '')
  return [...withoutTaps.matchAll(/<(div|span|img) class="([^"]*)"[^>]*?style="([^"]*)"[^>]*>([^<]*)/g)].map(
    ([, tag, cls, style, text]) => `${tag}.${cls} {${style}} ${text!.trim()}`,
  )
}

describe('admin Flex preview', () => {
  it('draws a receipt exactly as the sandbox inbox does (one renderer), with nothing tappable', () => {
    const inbox = renderMessageBody({ to: 'U1', message: receipt } as never).value
    const preview = flexPreviewHtml(receipt.contents as FlexNode)
    expect(layout(preview).length).toBeGreaterThan(10)
    expect(layout(preview)).toEqual(layout(inbox))
    expect(preview).toContain('保有ポイント')
    expect(preview).not.toMatch(/<form|<a |<button/)
    expect(inbox).toMatch(/<a class="fx-button/) // the card link is live in the inbox only
  })

  it('shares the inbox stylesheet for the Flex class names', () => {
    expect(inboxCss).toContain(flexCss)
    expect(flexCss).toContain('.fx-bubble{')
  })

  it('escapes the text of a draft, so v-html shows it as text', () => {
    const html = flexPreviewHtml({
      type: 'bubble',
      body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] },
    })
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img src=x')
  })
})
