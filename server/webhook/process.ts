// Processes a verified webhook body: each event once (by webhookEventId), each in its own try/catch.
import type { webhook } from '@line/bot-sdk'
import { webhookEvents } from '../../db/schema'
import type { AppDeps } from '../env'
import { eventHandlers, type EventHandler } from './handlers'

export interface ProcessReport {
  handled: number
  duplicates: number
  ignored: number
  failed: number
}

/** Records the event id; false when it was already there (a redelivery or a repeat). */
async function firstDelivery(deps: AppDeps, event: webhook.Event, now: Date): Promise<boolean> {
  const inserted = await deps.db
    .insert(webhookEvents)
    .values({ webhookEventId: event.webhookEventId, type: event.type, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.webhookEventId })
  return inserted.length === 1
}

export async function processWebhookEvents(deps: AppDeps, events: webhook.Event[]): Promise<ProcessReport> {
  const report: ProcessReport = { handled: 0, duplicates: 0, ignored: 0, failed: 0 }
  for (const event of events) {
    const now = deps.clock()
    try {
      const handler = eventHandlers[event.type] as EventHandler | undefined
      if (!handler) {
        report.ignored++
        continue
      }
      if (!(await firstDelivery(deps, event, now))) {
        report.duplicates++
        continue
      }
      await handler(deps, event, now)
      report.handled++
    } catch (err) {
      report.failed++
      console.error(`webhook: ${event.type} event ${event.webhookEventId} failed`, err)
    }
  }
  return report
}
