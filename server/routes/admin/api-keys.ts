// API keys for the shop's POS, booking system or EC site (admin): list, create with scopes and a request limit (the
// key is shown once), revoke.
import { staffActor } from '../../data/audit'
import { z } from '@hono/zod-openapi'
import { createAuditedApiKey, listApiKeys, revokeApiKey } from '../../data/api-keys'
import { notFound } from '../../errors'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { idParam } from '../path-id'
import { singleLine } from '../../domain/free-text'
import { apiKeyRateTierNames, apiKeyRateTiers, apiScopes, legacyApiScopes } from '../../domain/api-scopes'
import { adminRoute } from '../guarded-routes'

export const ApiKeyInfo = z
  .object({
    id: z.number(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(apiScopes)),
    rateTier: z.enum(apiKeyRateTierNames),
    requestsPerMinute: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey')

export const listRoute = adminRoute('get', '/', {
  summary: 'API keys of the shop systems',
  responses: { 200: jsonResponse('Keys (never the keys themselves)', z.object({ keys: z.array(ApiKeyInfo) })) },
})

const createKeyRoute = adminRoute('post', '/', {
  summary: 'Create an API key; the response is the only time the key is shown',
  request: {
    body: jsonBody(
      z
        .object({
          name: singleLine(z.string().trim().min(1).max(60)),
          scopes: z
            .array(z.enum(apiScopes))
            .min(1)
            // Each scope once at most: a list past that is not a console's.
            .max(apiScopes.length)
            .default([...legacyApiScopes])
            .transform((s) => apiScopes.filter((scope) => s.includes(scope))),
          rateTier: z.enum(apiKeyRateTierNames).default('standard'),
        })
        .openapi('ApiKeyInput'),
    ),
  },
  responses: {
    201: jsonResponse(
      'The new key',
      z.object({ key: z.string(), prefix: z.string(), name: z.string(), scopes: z.array(z.enum(apiScopes)) }),
    ),
  },
})

const revokeRoute = adminRoute('post', '/{id}/revoke', {
  summary: 'Revoke an API key (requests with it get 401 from now on)',
  request: { params: idParam },
  responses: {
    200: jsonResponse('Revoked', z.object({ revoked: z.literal(true) })),
    404: errorResponse('No such active key (`api_key_not_found`)'),
  },
})

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export const adminApiKeys = createRouter()
  .openapi(listRoute, async (c) => {
    const keys = await listApiKeys(c.var.shop.db)
    return c.json(
      {
        keys: keys.map((k) => ({
          ...k,
          requestsPerMinute: apiKeyRateTiers[k.rateTier],
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: iso(k.lastUsedAt),
          revokedAt: iso(k.revokedAt),
        })),
      },
      200,
    )
  })
  .openapi(createKeyRoute, async (c) => {
    const { db, clock } = c.var.shop
    const { name, scopes, rateTier } = c.req.valid('json')
    const { key, prefix } = await createAuditedApiKey(db, name, { scopes, rateTier }, staffActor(c.var.staff), clock())
    return c.json({ key, prefix, name, scopes }, 201)
  })
  .openapi(revokeRoute, async (c) => {
    const { db, clock } = c.var.shop
    const { id } = c.req.valid('param')
    if (!(await revokeApiKey(db, id, staffActor(c.var.staff), clock())))
      throw notFound('api_key_not_found', 'No active API key with this id')
    return c.json({ revoked: true as const }, 200)
  })
