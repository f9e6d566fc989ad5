import { describe, expect, it } from 'vitest'
import { useBusyAction } from '../../liff-app/src/use-busy-action'

describe('useBusyAction', () => {
  it('is busy while the action runs and clears the last refusal before it', async () => {
    const { busy, failure, run } = useBusyAction(() => 'refused')
    failure.value = 'an old refusal'
    let finish!: () => void
    const running = run(() => new Promise<void>((resolve) => (finish = resolve)))
    expect(busy.value).toBe(true)
    expect(failure.value).toBeNull()
    finish()
    await running
    expect(busy.value).toBe(false)
    expect(failure.value).toBeNull()
  })

  it('keeps a refusal in the form the page gives it, and is idle again', async () => {
    const seen: unknown[] = []
    const { busy, failure, run } = useBusyAction((err) => {
      seen.push(err)
      return { code: (err as Error).message }
    })
    const refusal = new Error('coupon_used')
    await run(() => Promise.reject(refusal))
    expect(failure.value).toEqual({ code: 'coupon_used' })
    expect(seen).toEqual([refusal])
    expect(busy.value).toBe(false)
  })

  it('holds the idle value the page gives when there is no refusal', async () => {
    const { failure, run } = useBusyAction(() => 'refused', '')
    expect(failure.value).toBe('')
    await run(() => Promise.reject(new Error('no')))
    expect(failure.value).toBe('refused')
    await run(() => Promise.resolve())
    expect(failure.value).toBe('')
  })
})
