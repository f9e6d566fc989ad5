// What every use case is given: the shop's database, configuration and clock; the ledger's use cases also read the
// shop's settings (a part of its context, cached by it), and some show the LINE rich menu they planned.
import type { Database } from '../../db/client'
import type { Config } from '../config'
import type { ScenarioStarts } from '../data/scenarios'
import type { SettingsStore } from '../data/settings'
import type { Clock } from '../env'
import type { LinePlatform } from '../line/platform'

export interface UseCaseContext {
  db: Database
  config: Config
  clock: Clock
}

/** For use cases that follow the shop's settings (point rules, ranks): the shop context's settings store. */
export interface SettingsUseCaseContext extends UseCaseContext {
  settings: SettingsStore
}

/**
 * For use cases that write an event only scenarios read (it is written only while an active scenario starts on it), or
 * that change the scenarios (they drop the kept copy): the shop context's scenario starts.
 */
export interface ScenarioUseCaseContext extends UseCaseContext {
  scenarioStarts: ScenarioStarts
}

/** For use cases that also show the LINE rich menu they planned (the outbox retries it if LINE fails now). */
export interface LineUseCaseContext extends UseCaseContext {
  line: LinePlatform
}
