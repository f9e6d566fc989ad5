// One delivered message as the customer sees it: text bubbles, Flex cards, a placeholder for other kinds.
import type { DeliveredMessage } from '../messaging'
import { renderContainer } from '../../domain/flex/container'
import { html, type Html } from '../../domain/flex/html'
import type { ActionTarget, FlexNode } from '../../domain/flex/types'

const stickerLabel = 'スタンプ'
const otherLabels: Record<string, string> = {
  image: '画像',
  video: '動画',
  audio: '音声',
  location: '位置情報',
  imagemap: 'イメージマップ',
  template: 'テンプレート',
  coupon: 'クーポン',
}

export function renderMessageBody(delivered: DeliveredMessage, target: ActionTarget = { userId: delivered.to }): Html {
  const m = delivered.message
  switch (m.type) {
    case 'text':
    case 'textV2':
      return html`<div class="bubble">${String(m.text ?? '')}</div>`
    case 'flex':
      return html`<div class="flex" title="${String(m.altText ?? '')}">
        ${renderContainer((m.contents ?? {}) as FlexNode, target)}
      </div>`
    case 'sticker':
      return html`<div class="bubble other">[${stickerLabel}]</div>`
    default: {
      const label = otherLabels[m.type] ?? m.type
      const alt = typeof m.altText === 'string' ? m.altText : ''
      return html`<div class="bubble other">[${label}] ${alt}</div>`
    }
  }
}
