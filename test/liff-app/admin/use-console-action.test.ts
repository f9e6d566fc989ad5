import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../liff-app/src/api/http'
import { errorText } from '../../../liff-app/src/admin/api'
import { useConsoleAction } from '../../../liff-app/src/admin/use-console-action'

/** A promise the test settles by hand, to look at the page while the action runs. */
function gate() {
  let open!: () => void
  let fail!: (err: unknown) => void
  const done = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)))
  return { done, open, fail }
}

describe('useConsoleAction', () => {
  it('is busy on what the action names while it runs, and idle after', async () => {
    const { busy, busyOn, run } = useConsoleAction()
    const g = gate()
    const running = run(() => g.done, 'row-7')
    expect(busy.value).toBe(true)
    expect(busyOn.value).toBe('row-7')
    g.open()
    await running
    expect(busy.value).toBe(false)
    expect(busyOn.value).toBe('')
  })

  it('names nothing when the action is not on a row', async () => {
    const { busy, busyOn, run } = useConsoleAction()
    const g = gate()
    const running = run(() => g.done)
    expect(busy.value).toBe(true)
    expect(busyOn.value).toBe('')
    g.open()
    await running
  })

  it('clears the last error and notice before it runs, and keeps the notice the action sets', async () => {
    const { error, notice, run } = useConsoleAction()
    error.value = 'old error'
    notice.value = 'old notice'
    const g = gate()
    const running = run(async () => {
      await g.done
      notice.value = 'saved'
    })
    expect(error.value).toBe('')
    expect(notice.value).toBe('')
    g.open()
    await running
    expect(notice.value).toBe('saved')
    expect(error.value).toBe('')
  })

  it('shows a refusal in the console words by default, and idles again', async () => {
    const { busy, busyOn, error, run } = useConsoleAction()
    const refusal = new ApiError(409, 'some_refusal', 'no')
    await run(() => Promise.reject(refusal), 'x')
    expect(error.value).toBe(errorText(refusal))
    expect(error.value).not.toBe('')
    expect(busy.value).toBe(false)
    expect(busyOn.value).toBe('')
  })

  it("puts a refusal in the page's own words when it gives them", async () => {
    const seen: unknown[] = []
    const { error, run } = useConsoleAction((err) => (seen.push(err), 'the page says no'))
    const refusal = new ApiError(400, 'bad_url', 'no')
    await run(() => Promise.reject(refusal))
    expect(error.value).toBe('the page says no')
    expect(seen).toEqual([refusal])
  })
})
