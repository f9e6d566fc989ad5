// Limits LINE enforces on message objects that its OpenAPI document does not state (LINE Developers docs).
import type { SchemaIssue } from '../line-openapi/schema-validator'

const textMaxChars = 5000
const altTextMaxChars = 1500
const bubbleMaxBytes = 30 * 1024
const carouselMaxBytes = 50 * 1024
const carouselMaxBubbles = 12

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8')
}

function chars(text: string): number {
  return [...text].length
}

function checkMessage(message: Record<string, unknown>, at: string): SchemaIssue | null {
  if (message.type === 'text' && typeof message.text === 'string' && chars(message.text) > textMaxChars) {
    return { message: `Length must be between 1 and ${textMaxChars}`, property: `${at}.text` }
  }
  if (message.type !== 'flex') return null
  if (typeof message.altText === 'string' && chars(message.altText) > altTextMaxChars) {
    return { message: `Length must be between 1 and ${altTextMaxChars}`, property: `${at}.altText` }
  }
  const contents = message.contents as { type?: string; contents?: unknown[] } | undefined
  if (contents?.type === 'bubble' && bytes(contents) > bubbleMaxBytes) {
    return { message: 'The size of the bubble must be 30 KB or less', property: `${at}.contents` }
  }
  if (contents?.type === 'carousel') {
    if ((contents.contents?.length ?? 0) > carouselMaxBubbles) {
      return { message: `Size must be between 1 and ${carouselMaxBubbles}`, property: `${at}.contents.contents` }
    }
    if (bytes(contents) > carouselMaxBytes) {
      return { message: 'The size of the carousel must be 50 KB or less', property: `${at}.contents` }
    }
  }
  return null
}

/** Checks messages that already passed the schema; returns the issues found (LINE reports them per message). */
export function checkMessageLimits(messages: Record<string, unknown>[]): SchemaIssue[] {
  const issues: SchemaIssue[] = []
  messages.forEach((m, i) => {
    const issue = checkMessage(m, `messages[${i}]`)
    if (issue) issues.push(issue)
  })
  return issues
}
