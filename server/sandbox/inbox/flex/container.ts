// Flex containers: a bubble (header, hero, body, footer) or a carousel of bubbles.
import { html } from 'hono/html'
import { bubbleWidth, color } from './css'
import { renderComponent } from './component'
import type { ActionTarget, FlexNode, Html } from './types'

const blocks = ['header', 'hero', 'body', 'footer'] as const

function blockBackground(node: FlexNode, block: string): string | undefined {
  const styles = (node.styles ?? {}) as Record<string, Record<string, unknown> | undefined>
  return color(styles[block]?.backgroundColor)
}

export function renderBubble(node: FlexNode, target: ActionTarget): Html {
  const parts = blocks
    .filter((b) => node[b] && typeof node[b] === 'object')
    .map((b) => {
      const bg = blockBackground(node, b)
      return html`<div class="fx-${b}" ${bg ? html` style="background:${bg}"` : ''}>
        ${renderComponent(node[b] as FlexNode, target)}
      </div>`
    })
  return html`<div class="fx-bubble" style="width:${bubbleWidth(node.size)}">${parts}</div>`
}

export function renderContainer(node: FlexNode, target: ActionTarget): Html {
  if (node.type === 'carousel') {
    const bubbles = Array.isArray(node.contents) ? (node.contents as FlexNode[]) : []
    return html`<div class="fx-carousel">${bubbles.map((b) => renderBubble(b, target))}</div>`
  }
  return renderBubble(node, target)
}
