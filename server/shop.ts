// The shop a request is for: everything per-shop (configuration, database, LINE client, settings, time zone and the
// caches of its data), resolved once per request by middleware (`createApp`) and read from `c.var.shop`. Nothing
// per-shop lives at module level, so serving several shops from one deployment is a resolver, not a rewrite.
import type { Context } from 'hono'
import { createClickRecorder, type ClickRecorder } from './data/campaign-clicks'
import { createScenarioStarts, type ScenarioStarts } from './data/scenarios'
import { createSettingsStore, timeZoneOf, type SettingsStore } from './data/settings'
import type { AppDeps, AppEnv } from './env'
import { createVerifiedSessions, type VerifiedSessions } from './session-token'

/**
 * One shop's context. It carries the deployment's shared services too (clock, background work, limits, logs), so a
 * handler has one place to get everything from.
 */
export interface Shop extends AppDeps {
  /** The shop's settings, kept a few seconds by its clock and dropped when an admin saves them. */
  settings: SettingsStore
  /**
   * The shop's time zone (IANA name; `timeZoneOf` without a store): its `shop.timeZone` setting, else TIME_ZONE. Read
   * through `settings`, so a change in the admin console applies without a restart.
   */
  timeZone(): Promise<string>
  /** The events its active scenarios start on, kept as its settings are and dropped when an admin changes a scenario. */
  scenarioStarts: ScenarioStarts
  /** Session tokens whose signature this shop already checked. */
  sessions: VerifiedSessions
  /** The click redirect's writes, and the campaign links it answers with. */
  clicks: ClickRecorder
}

/** Which shop a request is for. One deployment, one shop today: `singleShop`. */
export type ShopResolver = (c: Context<AppEnv>) => Shop | Promise<Shop>

/** A shop context over its wired dependencies, with caches of its own. */
export function createShop(deps: AppDeps): Shop {
  const settings = createSettingsStore(deps.db, deps.clock)
  return {
    ...deps,
    settings,
    timeZone: async () => timeZoneOf(await settings.load(), deps.config),
    scenarioStarts: createScenarioStarts(deps.db, deps.clock),
    sessions: createVerifiedSessions(deps.clock),
    clicks: createClickRecorder(deps.db, deps.clock, { group: deps.groupCommit }),
  }
}

/** The resolver of a deployment that serves one shop: the same context for every request. */
export function singleShop(shop: Shop): ShopResolver {
  return () => shop
}
