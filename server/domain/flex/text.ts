// Flex `text` (with `span` contents): LINE's default size is md (16px); unwrapped text stays on one line with an ellipsis.
import { html, type Html } from './html'
import { color, spacing, style, textSize } from './css'
import type { FlexNode } from './types'

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

const aligns: Record<string, string> = { start: 'start', center: 'center', end: 'end' }
const gravities: Record<string, string> = { top: 'flex-start', center: 'center', bottom: 'flex-end' }

/** `at`: the component's place in its box (flex, margin), from layout.ts. */
export function renderText(node: FlexNode, at: string): Html {
  const spans = Array.isArray(node.contents) ? (node.contents as FlexNode[]) : []
  const body = spans.length
    ? spans.map((s) => html`<span style="${spanStyle(s)}">${String(s.text ?? '')}</span>`)
    : String(node.text ?? '')
  const wrap = node.wrap === true
  const maxLines = typeof node.maxLines === 'number' && node.maxLines > 0 && wrap ? node.maxLines : undefined
  const css = style({
    'text-align': typeof node.align === 'string' ? aligns[node.align] : undefined,
    'align-self': typeof node.gravity === 'string' ? gravities[node.gravity] : undefined,
    'white-space': wrap ? 'pre-wrap' : 'nowrap',
    overflow: wrap && !maxLines ? undefined : 'hidden',
    'text-overflow': wrap ? undefined : 'ellipsis',
    display: maxLines ? '-webkit-box' : undefined,
    '-webkit-box-orient': maxLines ? 'vertical' : undefined,
    '-webkit-line-clamp': maxLines,
    'line-height': spacing(node.lineSpacing) ? `calc(1.4em + ${spacing(node.lineSpacing)})` : undefined,
  })
  return html`<div class="fx-text" style="${at};${css};${spanStyle(node)}">${body}</div>`
}
