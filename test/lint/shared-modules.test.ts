// The node project's files share one module graph per worker (vitest.config.ts): a file that fakes timers or spies
// with `vi` would leave what it replaced to the next files, so it must be one of the node-isolated ones.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ownModuleCalls, ownModuleFiles } from '../support/node-projects'

const testFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file).replaceAll('\\', '/'))

const shared = ['test/server', 'test/db'].flatMap(testFiles).filter((file) => !ownModuleFiles.includes(file))

describe('the node project’s shared module graph', () => {
  it('has no file that fakes timers or spies with vi', () => {
    expect(shared.length).toBeGreaterThan(100)
    expect(shared.filter((file) => ownModuleCalls.test(readFileSync(file, 'utf8')))).toEqual([])
  })

  it('keeps apart only files that do', () => {
    for (const file of ownModuleFiles) expect(readFileSync(file, 'utf8'), file).toMatch(ownModuleCalls)
  })
})
