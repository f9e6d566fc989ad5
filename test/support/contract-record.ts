// What the contract check (contract-check.ts) records: light, so that test/support/contract-setup.ts, which runs
// before every node test file, loads none of the app for the files that never make one.
export interface ContractRecord {
  /** JSON answers parsed with a schema. */
  checked: number
  violations: string[]
  /** Checks still reading their clone of a body. */
  reading: Set<Promise<void>>
}

export const newContractRecord = (): ContractRecord => ({ checked: 0, violations: [], reading: new Set() })

/** Waits for the checks of `record` still reading a body. */
export const settled = (record: ContractRecord) => Promise.all([...record.reading]).then(() => undefined)

/** The record of every app made by createTestApp, asserted empty after each test (contract-setup.ts). */
export const suiteContract = newContractRecord()
