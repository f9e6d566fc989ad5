// The shop's outgoing webhook endpoints: each change is one batch with its audit entry (never the secret in it).
import { asc, eq, sql } from 'drizzle-orm'
import { wroteRow } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import { webhookEndpoints, type WebhookEndpoint } from '../../db/schema'
import type { OutgoingEventType } from '../domain/outgoing-webhook'
import { auditWhen } from './audit'

export interface EndpointSettings {
  url: string
  events: OutgoingEventType[]
  active: boolean
  includeLineUserId: boolean
}

const target = (id: number | string) => `webhook-endpoint:${id}`
const prefixOf = (secret: string) => secret.slice(0, 12)

export const listEndpoints = (db: Database) => db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id))

export function findEndpoint(db: Database, id: number): Promise<WebhookEndpoint | undefined> {
  return db.query.webhookEndpoints.findFirst({ where: eq(webhookEndpoints.id, id) })
}

/**
 * Adds an endpoint unless the shop already has `max` (checked inside the insert, so two admins at once cannot pass
 * it); null when it was full.
 */
export async function insertEndpoint(
  db: Database,
  input: EndpointSettings & { secret: string; actor: string; max: number },
  now: Date,
): Promise<WebhookEndpoint | null> {
  const at = now.getTime()
  const [rows] = await db.batch([
    db.run(sql`INSERT INTO webhook_endpoints (url, events, active, include_line_user_id, secret, secret_prefix,
        created_by, created_at, updated_at)
      SELECT ${input.url}, ${JSON.stringify(input.events)}, ${input.active ? 1 : 0}, ${input.includeLineUserId ? 1 : 0},
        ${input.secret}, ${prefixOf(input.secret)}, ${input.actor}, ${at}, ${at}
      WHERE (SELECT count(*) FROM webhook_endpoints) < ${input.max}`),
    auditWhen(
      db,
      {
        actor: input.actor,
        action: 'webhook_endpoint.created',
        target: 'webhook-endpoints',
        detail: { url: input.url, events: input.events, active: input.active },
      },
      at,
      sql`EXISTS (SELECT 1 FROM webhook_endpoints WHERE secret = ${input.secret})`,
    ),
  ])
  if (!wroteRow(rows)) return null
  return (await db.query.webhookEndpoints.findFirst({ where: eq(webhookEndpoints.secret, input.secret) })) ?? null
}

/** Saves an endpoint's settings; false when there is no such endpoint. */
export async function updateEndpoint(
  db: Database,
  id: number,
  input: EndpointSettings & { actor: string },
  now: Date,
): Promise<boolean> {
  const { actor, ...settings } = input
  const [rows] = await db.batch([
    db
      .update(webhookEndpoints)
      .set({ ...settings, updatedAt: now })
      .where(eq(webhookEndpoints.id, id))
      .returning({ id: webhookEndpoints.id }),
    auditWhen(
      db,
      { actor, action: 'webhook_endpoint.updated', target: target(id), detail: settings },
      now.getTime(),
      sql`EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ${id})`,
    ),
  ])
  return rows.length === 1
}

/** Replaces the signing secret; false when there is no such endpoint. */
export async function rotateEndpointSecret(
  db: Database,
  id: number,
  secret: string,
  actor: string,
  now: Date,
): Promise<boolean> {
  const [rows] = await db.batch([
    db
      .update(webhookEndpoints)
      .set({ secret, secretPrefix: prefixOf(secret), secretRotatedAt: now, updatedAt: now })
      .where(eq(webhookEndpoints.id, id))
      .returning({ id: webhookEndpoints.id }),
    auditWhen(
      db,
      { actor, action: 'webhook_endpoint.secret_rotated', target: target(id) },
      now.getTime(),
      sql`EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ${id})`,
    ),
  ])
  return rows.length === 1
}

/** Deletes an endpoint and its deliveries, audited; false when there was none. */
export async function deleteEndpoint(db: Database, endpoint: WebhookEndpoint, actor: string, now: Date): Promise<boolean> {
  const [, , rows] = await db.batch([
    auditWhen(
      db,
      { actor, action: 'webhook_endpoint.deleted', target: target(endpoint.id), detail: { url: endpoint.url } },
      now.getTime(),
      sql`EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ${endpoint.id})`,
    ),
    db.run(sql`DELETE FROM webhook_deliveries WHERE endpoint_id = ${endpoint.id}`),
    db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)).returning({ id: webhookEndpoints.id }),
  ])
  return rows.length === 1
}
