// Which node test files keep a fresh module graph (project node-isolated); the rest of test/server and test/db share
// one per worker (project node, `isolate: false`). test/lint/shared-modules.test.ts keeps this list honest.

/** Server and db files that fake timers or spy with `vi`: what they replace must not outlive them in a shared graph. */
export const ownModuleFiles = [
  'test/server/sandbox/messaging/platform-behaviour.test.ts',
  'test/server/setup/line-endpoints.test.ts',
  'test/db/driver/libsql-embedded.test.ts',
  'test/server/outbox/timeout-sweep.test.ts',
]

/** The `vi` calls that put a file in `ownModuleFiles`. */
export const ownModuleCalls = /\bvi\.(mock|doMock|spyOn|useFakeTimers|stubGlobal|stubEnv)\(/
