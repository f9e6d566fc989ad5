// The admin preview's Flex: the sandbox inbox's renderer (server/domain/flex) with nothing tappable, and its stylesheet.
import { renderContainer } from '../../../../server/domain/flex/container'
import type { FlexNode } from '../../../../server/domain/flex/types'

import { flexCss } from '../../../../server/domain/flex/style'

/** A Flex container as HTML: every text escaped, only checked colours, sizes and http(s) URLs let through. */
export const flexPreviewHtml = (contents: FlexNode | undefined): string => renderContainer(contents ?? {}, null).value

/** Puts the renderer's stylesheet on the page once (a `<style>` in the head; the console's other styles stay apart). */
export function useFlexStyles(doc: Document = document): void {
  if (doc.getElementById('tsunagu-flex-css')) return
  const style = doc.createElement('style')
  style.id = 'tsunagu-flex-css'
  style.textContent = flexCss
  doc.head.append(style)
}
