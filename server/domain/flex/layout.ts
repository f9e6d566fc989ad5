// LINE's layout rules for a component inside its parent box, as CSS: `flex` along the box's main axis and the space
// before the component (the box's `spacing`, or the component's own `margin`, which takes its place).
import { spacing, style } from './css'
import type { FlexNode } from './types'

export type BoxLayout = 'horizontal' | 'vertical' | 'baseline'

/** Where a component sits: its parent's layout and spacing, and whether it comes first. */
export interface Slot {
  layout: BoxLayout
  spacing?: unknown
  first: boolean
}

/** The root of a bubble block: laid out like the only child of a vertical box. */
export const blockSlot: Slot = { layout: 'vertical', first: true }

/**
 * `flex` as CSS. In a horizontal or baseline box children share the width by their `flex` (default 1); `flex: 0`
 * keeps a component at its content width. In a vertical box the default is 0 (content height) and a positive `flex`
 * shares the box's spare height.
 */
export function flexCss(node: FlexNode, slot: Slot): string {
  const across = slot.layout !== 'vertical'
  const n = typeof node.flex === 'number' && node.flex >= 0 ? node.flex : across ? 1 : 0
  if (n === 0) return '0 0 auto'
  return across ? `${n} 1 0` : `${n} 0 auto`
}

/** The space before a component: its `margin`, else the parent's `spacing` (none before the first child). */
export function leadCss(node: FlexNode, slot: Slot): Record<string, string | undefined> {
  const gap = spacing(node.margin) ?? (slot.first ? undefined : spacing(slot.spacing))
  return slot.layout === 'vertical' ? { 'margin-top': gap } : { 'margin-inline-start': gap }
}

/** `flex` and the leading space together, for the outermost element of a component. */
export function slotCss(node: FlexNode, slot: Slot): string {
  return style({ flex: flexCss(node, slot), ...leadCss(node, slot) })
}
