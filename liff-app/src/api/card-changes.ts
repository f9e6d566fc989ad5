// GET /api/card/changes: the open card's long-poll (a chunk of its own, loaded after the card has painted).

import type { CardResponse, CardToken } from './card'
import { requestJson } from './http'

export interface CardChanges {
  version: number
  card: CardResponse | null
  token: CardToken | null
}

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
