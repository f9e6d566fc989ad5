// Pieces the Flex messages share: a "label  value" line of a details box, a footer button, and a footer holding one
// link button (the reservation and EC-site messages draw them alike).
import type { messagingApi } from '@line/bot-sdk'

/** A line of a message's details: the label in grey, the value beside it. */
export const detailRow = (label: string, value: string): messagingApi.FlexBox => ({
  type: 'box',
  layout: 'baseline',
  spacing: 'sm',
  contents: [
    { type: 'text', text: label, size: 'sm', color: '#888888', flex: 2 },
    { type: 'text', text: value, size: 'sm', color: '#333333', flex: 5, wrap: true },
  ],
})

/** A small button for a message's footer. */
export const footerButton = (
  style: messagingApi.FlexButton['style'],
  action: messagingApi.Action,
): messagingApi.FlexButton => ({ type: 'button', style, height: 'sm', action })

/** A footer with one primary button that opens `uri`. */
export const linkFooter = (label: string, uri: string): messagingApi.FlexBox => ({
  type: 'box',
  layout: 'vertical',
  contents: [footerButton('primary', { type: 'uri', label, uri })],
})
