// Setup of the node project: after each test, every JSON answer its apps gave must have followed its route's schema.
import { appendFileSync } from 'node:fs'
import { afterAll, afterEach, expect } from 'vitest'
import { settled, suiteContract } from './contract-record'

afterEach(async () => {
  await settled(suiteContract)
  const violations = suiteContract.violations.splice(0)
  expect(violations, 'answers that break their route’s response schema').toEqual([])
})

// CONTRACT_REPORT=<file> appends how many answers each test file had checked, for a count over a whole run. The
// count starts again for the next file: in the node project the files of a worker share this record's module.
afterAll(() => {
  const file = process.env.CONTRACT_REPORT
  if (file) appendFileSync(file, `${expect.getState().testPath ?? '?'} ${suiteContract.checked}\n`)
  suiteContract.checked = 0
})
