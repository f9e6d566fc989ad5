// Flex `text` (with `span` contents).
import { html } from 'hono/html'
import { color, style, textSize } from './css'
import type { FlexNode, Html } from './types'

function spanStyle(node: FlexNode): string {
  return style({
    'font-size': textSize(node.size),
    'font-weight': node.weight === 'bold' ? '700' : undefined,
    'font-style': node.style === 'italic' ? 'italic' : undefined,
    'text-decoration':
      node.decoration === 'underline' || node.decoration === 'line-through' ? node.decoration : undefined,
    color: color(node.color),
  })
}

export function renderText(node: FlexNode, flex: string | undefined): Html {
  const spans = Array.isArray(node.contents) ? (node.contents as FlexNode[]) : []
  const body = spans.length
    ? spans.map((s) => html`<span style="${spanStyle(s)}">${String(s.text ?? '')}</span>`)
    : String(node.text ?? '')
  const align = node.align === 'center' ? 'center' : node.align === 'end' ? 'right' : undefined
  const css = style({
    flex,
    'text-align': align,
    'white-space': node.wrap === true ? 'pre-wrap' : 'nowrap',
    overflow: node.wrap === true ? undefined : 'hidden',
    'text-overflow': node.wrap === true ? undefined : 'ellipsis',
  })
  return html`<div class="fx-text" style="${css};${spanStyle(node)}">${body}</div>`
}
