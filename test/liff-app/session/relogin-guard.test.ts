import { describe, expect, it } from 'vitest'
import { claimRelogin, releaseRelogin, type GuardStorage } from '../../../liff-app/src/session/relogin-guard'

function memoryStorage(): GuardStorage {
  const map = new Map<string, string>()
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  }
}

describe('claimRelogin', () => {
  it('allows one re-login and refuses a second within a few minutes', () => {
    const storage = memoryStorage()
    expect(claimRelogin(storage, 1_000_000)).toBe(true)
    expect(claimRelogin(storage, 1_000_000 + 60_000)).toBe(false)
  })

  it('allows another re-login after the window has passed', () => {
    const storage = memoryStorage()
    claimRelogin(storage, 1_000_000)
    expect(claimRelogin(storage, 1_000_000 + 10 * 60_000)).toBe(true)
  })

  it('allows a re-login again once a session was established', () => {
    const storage = memoryStorage()
    claimRelogin(storage, 1_000_000)
    releaseRelogin(storage)
    expect(claimRelogin(storage, 1_000_001)).toBe(true)
  })
})
