// The admin preview's Flex: the sandbox inbox's renderer (server/domain/flex) with nothing tappable, and its stylesheet.
import { renderContainer } from '../../../../server/domain/flex/container'
import type { FlexNode } from '../../../../server/domain/flex/types'

export { flexCss } from '../../../../server/domain/flex/style'

/** A Flex container as HTML: every text escaped, only checked colours, sizes and http(s) URLs let through. */
export const flexPreviewHtml = (contents: FlexNode | undefined): string => renderContainer(contents ?? {}, null).value
