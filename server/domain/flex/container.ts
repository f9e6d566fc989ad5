// Flex containers: a bubble (header, hero, body, footer) or a carousel of bubbles.
import { html, type Html } from './html'
import { bubbleWidth, color } from './css'
import { renderBox, renderComponent } from './component'
import { blockSlot } from './layout'
import type { ActionTarget, FlexNode } from './types'

const blocks = ['header', 'hero', 'body', 'footer'] as const
/** LINE's default padding of each block's root box. */
const blockPadding: Record<(typeof blocks)[number], string | undefined> = {
  header: '20px',
  hero: undefined,
  body: '20px',
  footer: '10px',
}

function blockStyle(node: FlexNode, block: string, first: boolean): string {
  const styles = (node.styles ?? {}) as Record<string, Record<string, unknown> | undefined>
  const bg = color(styles[block]?.backgroundColor)
  const rule =
    styles[block]?.separator === true && !first
      ? `border-top:1px solid ${color(styles[block]?.separatorColor) ?? '#e5e5e5'}`
      : ''
  return [bg ? `background:${bg}` : '', rule].filter(Boolean).join(';')
}

export function renderBubble(node: FlexNode, target: ActionTarget | null): Html {
  const present = blocks.filter((b) => node[b] && typeof node[b] === 'object')
  const parts = present.map((b, i) => {
    const root = node[b] as FlexNode
    const content =
      root.type === 'box'
        ? renderBox(root, target, blockSlot, blockPadding[b])
        : renderComponent(root, target, blockSlot)
    return html`<div class="fx-${b}" style="${blockStyle(node, b, i === 0)}">${content}</div>`
  })
  return html`<div class="fx-bubble" style="width:${bubbleWidth(node.size)}">${parts}</div>`
}

export function renderContainer(node: FlexNode, target: ActionTarget | null): Html {
  if (node.type === 'carousel') {
    const bubbles = Array.isArray(node.contents) ? (node.contents as FlexNode[]) : []
    return html`<div class="fx-carousel">${bubbles.map((b) => renderBubble(b, target))}</div>`
  }
  return renderBubble(node, target)
}
