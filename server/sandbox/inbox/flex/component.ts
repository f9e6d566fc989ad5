// Renders any Flex component: dispatches on `type`; boxes lay their children out like LINE does.
import { html } from 'hono/html'
import { renderButton } from './button'
import { color, spacing, style } from './css'
import { renderIcon, renderImage, renderVideo } from './media'
import { renderText } from './text'
import type { ActionTarget, FlexNode, Html } from './types'

/** Children of horizontal and baseline boxes share the width (flex 1) unless told otherwise. */
function flexOf(node: FlexNode, parentLayout: string): string | undefined {
  if (typeof node.flex === 'number') return String(node.flex)
  return parentLayout === 'vertical' ? undefined : '1'
}

function renderBox(node: FlexNode, target: ActionTarget, parentLayout: string): Html {
  const layout = node.layout === 'horizontal' || node.layout === 'baseline' ? node.layout : 'vertical'
  const children = Array.isArray(node.contents) ? (node.contents as FlexNode[]) : []
  const css = style({
    flex: flexOf(node, parentLayout),
    'flex-direction': layout === 'vertical' ? 'column' : 'row',
    'align-items': layout === 'baseline' ? 'baseline' : undefined,
    gap: spacing(node.spacing),
    padding: spacing(node.paddingAll),
    'margin-top': spacing(node.margin),
    background: color(node.backgroundColor),
    'border-radius': spacing(node.cornerRadius),
    'border-color': color(node.borderColor),
    'border-style': color(node.borderColor) ? 'solid' : undefined,
    'border-width': color(node.borderColor) ? '1px' : undefined,
  })
  return html`<div class="fx-box fx-${layout}" style="${css}">
    ${children.map((c) => renderComponent(c, target, layout))}
  </div>`
}

export function renderComponent(node: FlexNode, target: ActionTarget, parentLayout = 'vertical'): Html {
  const flex = flexOf(node, parentLayout)
  switch (node.type) {
    case 'box':
      return renderBox(node, target, parentLayout)
    case 'text':
      return renderText(node, flex)
    case 'image':
      return renderImage(node, flex)
    case 'icon':
      return renderIcon(node)
    case 'video':
      return renderVideo(node)
    case 'button':
      return renderButton(node, flex, target)
    case 'separator':
      return html`<hr
        class="fx-separator"
        style="${style({ 'border-color': color(node.color), margin: spacing(node.margin) })}"
      />`
    case 'spacer':
      return html`<div class="fx-spacer" style="${style({ 'min-height': spacing(node.size ?? 'md') })}"></div>`
    case 'filler':
      return html`<div class="fx-filler" style="${style({ flex: flex ?? '1' })}"></div>`
    default:
      return html`<div class="fx-unknown">[${String(node.type ?? '?')}]</div>`
  }
}
