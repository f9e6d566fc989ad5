// Renders any Flex component: dispatches on `type`; boxes lay their children out by LINE's rules (layout.ts).
import { html, type Html } from './html'
import { renderButton } from './button'
import { borderWidth, color, spacing, style } from './css'
import { slotCss, type BoxLayout, type Slot } from './layout'
import { renderIcon, renderImage, renderVideo } from './media'
import { renderText } from './text'
import type { ActionTarget, FlexNode } from './types'

const justify: Record<string, string> = {
  'flex-start': 'flex-start',
  center: 'center',
  'flex-end': 'flex-end',
  'space-between': 'space-between',
  'space-around': 'space-around',
  'space-evenly': 'space-evenly',
}
const align: Record<string, string> = { 'flex-start': 'flex-start', center: 'center', 'flex-end': 'flex-end' }
const pick = (table: Record<string, string>, v: unknown) => (typeof v === 'string' ? table[v] : undefined)

/** A box; `padding` is the default of a bubble block's root box (LINE pads header and body 20px, footer 10px). */
export function renderBox(node: FlexNode, target: ActionTarget | null, slot: Slot, padding?: string): Html {
  const layout: BoxLayout = node.layout === 'horizontal' || node.layout === 'baseline' ? node.layout : 'vertical'
  const children = Array.isArray(node.contents) ? (node.contents as FlexNode[]) : []
  const border = color(node.borderColor) ? (borderWidth(node.borderWidth) ?? '1px') : undefined
  const css = style({
    'flex-direction': layout === 'vertical' ? 'column' : 'row',
    'align-items': layout === 'baseline' ? 'baseline' : pick(align, node.alignItems),
    'justify-content': pick(justify, node.justifyContent),
    padding: spacing(node.paddingAll) ?? padding,
    'padding-top': spacing(node.paddingTop),
    'padding-bottom': spacing(node.paddingBottom),
    'padding-inline-start': spacing(node.paddingStart),
    'padding-inline-end': spacing(node.paddingEnd),
    width: spacing(node.width),
    'max-width': spacing(node.maxWidth),
    height: spacing(node.height),
    background: color(node.backgroundColor),
    'border-radius': spacing(node.cornerRadius),
    border: border ? `${border} solid ${color(node.borderColor)}` : undefined,
  })
  return html`<div class="fx-box fx-${layout}" style="${slotCss(node, slot)};${css}">
    ${children.map((c, i) => renderComponent(c, target, { layout, spacing: node.spacing, first: i === 0 }))}
  </div>`
}

export function renderComponent(node: FlexNode, target: ActionTarget | null, slot: Slot): Html {
  const at = slotCss(node, slot)
  switch (node.type) {
    case 'box':
      return renderBox(node, target, slot)
    case 'text':
      return renderText(node, at)
    case 'image':
      return renderImage(node, at)
    case 'icon':
      return renderIcon(node, at)
    case 'video':
      return renderVideo(node, at)
    case 'button':
      return renderButton(node, at, target)
    case 'separator':
      return html`<div
        class="fx-separator fx-separator-${slot.layout === 'vertical' ? 'h' : 'v'}"
        style="${at};${style({ 'border-color': color(node.color) })}"
      ></div>`
    case 'spacer':
      return html`<div class="fx-spacer" style="${style({ 'min-height': spacing(node.size ?? 'md') })}"></div>`
    case 'filler':
      return html`<div
        class="fx-filler"
        style="${style({ flex: typeof node.flex === 'number' ? String(node.flex) : '1' })}"
      ></div>`
    default:
      return html`<div class="fx-unknown">[${String(node.type ?? '?')}]</div>`
  }
}
