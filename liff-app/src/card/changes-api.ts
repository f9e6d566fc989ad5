// GET /api/card/changes: the open card's long-poll (a chunk of its own, loaded after the card has painted).

import type { z } from '@hono/zod-openapi'
import type { Changes } from '../../../server/routes/customer/card-changes'
import { requestJson } from '../api/http'

export type CardChanges = z.infer<typeof Changes>

export interface CardChangesQuery {
  since: number
  wait: number
  token: boolean
}

export function fetchCardChanges(
  sessionToken: string,
  query: CardChangesQuery,
  signal: AbortSignal,
): Promise<CardChanges> {
  const params = `since=${query.since}&wait=${query.wait}&token=${query.token ? 1 : 0}`
  return requestJson<CardChanges>(`/api/card/changes?${params}`, { token: sessionToken, signal })
}
