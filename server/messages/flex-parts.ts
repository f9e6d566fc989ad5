// Pieces the Flex messages share: a body led by a title, a details box of "label  value" lines, a footer button, and a
// footer holding one link button (the reservation and EC-site messages draw them alike).
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

/** A bubble's body: the title in bold, the lead below it, then `more` (such as a details box). */
export const titledBody = (
  title: string,
  lead: string,
  ...more: messagingApi.FlexComponent[]
): messagingApi.FlexBox => ({
  type: 'box',
  layout: 'vertical',
  spacing: 'md',
  contents: [
    { type: 'text', text: title, weight: 'bold', size: 'lg', wrap: true },
    { type: 'text', text: lead, size: 'sm', wrap: true },
    ...more,
  ],
})

/** The box of detail rows under a message's lead. */
export const detailsBox = (rows: messagingApi.FlexComponent[]): messagingApi.FlexBox => ({
  type: 'box',
  layout: 'vertical',
  spacing: 'sm',
  margin: 'lg',
  contents: rows,
})
