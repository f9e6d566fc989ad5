// Failure injection for the messaging sandbox: mutable knobs and a seeded random source, so runs are repeatable.

/** All off by default. Mutate the object (or PUT /__sandbox/faults) to change them while the sandbox runs. */
export interface FaultSettings {
  /** Share of requests (0..1) answered 500 before anything is delivered. */
  serverErrorRate: number
  /** Share of requests (0..1) that never answer within `timeoutMs`, then get 504; nothing is delivered. */
  timeoutRate: number
  /** Share of send requests (0..1) that are accepted and delivered but answered 500, like a crash after sending. */
  crashAfterAcceptRate: number
  /** The next N requests answer 429 (counts down). */
  rateLimitBurst: number
  /** Added latency for every request, in ms: the answer waits this long; the request is counted and handled on arrival. */
  delayMs: number
  /** How long a timed-out request hangs before its 504 (LINE's clients give up well before 30 s). */
  timeoutMs: number
  /** Seed of the random source; changing it restarts the sequence. */
  seed: number
}

export type Fault = 'rate-limit' | 'server-error' | 'timeout' | 'crash-after-accept' | null

export function defaultFaults(): FaultSettings {
  return {
    serverErrorRate: 0,
    timeoutRate: 0,
    crashAfterAcceptRate: 0,
    rateLimitBurst: 0,
    delayMs: 0,
    timeoutMs: 30_000,
    seed: 1,
  }
}

/** mulberry32: tiny, fast and good enough to pick faults. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface FaultPicker {
  /** Draws the fault for one request; the same seed and request order give the same faults. */
  pick(isSend: boolean): Fault
  restart(): void
}

export function createFaultPicker(settings: FaultSettings): FaultPicker {
  let seed = settings.seed
  let random = seededRandom(seed)
  return {
    pick(isSend) {
      if (settings.seed !== seed) {
        seed = settings.seed
        random = seededRandom(seed)
      }
      if (settings.rateLimitBurst > 0) {
        settings.rateLimitBurst -= 1
        return 'rate-limit'
      }
      // One draw per request whatever the settings, so changing one rate does not shift the others' sequence.
      const r = random()
      let edge = settings.serverErrorRate
      if (r < edge) return 'server-error'
      edge += settings.timeoutRate
      if (r < edge) return 'timeout'
      edge += isSend ? settings.crashAfterAcceptRate : 0
      if (r < edge) return 'crash-after-accept'
      return null
    },
    restart() {
      seed = settings.seed
      random = seededRandom(seed)
    },
  }
}

export function resetFaults(settings: FaultSettings): void {
  Object.assign(settings, defaultFaults())
}

const numericKeys = Object.keys(defaultFaults()) as (keyof FaultSettings)[]

/** Applies a JSON patch of knobs; returns a message for the first bad field, or null. */
export function patchFaults(settings: FaultSettings, patch: unknown): string | null {
  if (typeof patch !== 'object' || patch === null) return 'body must be a JSON object'
  for (const [key, value] of Object.entries(patch)) {
    if (!numericKeys.includes(key as keyof FaultSettings)) return `unknown fault setting: ${key}`
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return `${key} must be a number >= 0`
    if (key.endsWith('Rate') && value > 1) return `${key} must be between 0 and 1`
  }
  Object.assign(settings, patch)
  return null
}
