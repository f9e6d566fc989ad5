import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { menuSpecs, richMenuSize } from '../../../server/rich-menus/definitions'
import { loadRichMenuIds } from '../../../server/rich-menus/ids'
import { renderRichMenuPng } from '../../../server/rich-menus/image'
import { ensureRichMenus, setUpRichMenus } from '../../../server/rich-menus/setup'
import { testAppPerSuite } from '../../support/test-app'

describe('rich menu setup', () => {
  const t = testAppPerSuite()

  it('renders each menu as a PNG of the menu size, under LINE’s 1 MB limit', () => {
    for (const spec of Object.values(menuSpecs)) {
      const png = renderRichMenuPng(spec)
      const image = PNG.sync.read(Buffer.from(png))
      expect([image.width, image.height]).toEqual([richMenuSize.width, richMenuSize.height])
      expect(png.length).toBeLessThan(1024 * 1024)
    }
  })

  it('creates guest and member menus (validated by the sandbox), uploads images, sets the guest default, stores the ids', async () => {
    const ids = await setUpRichMenus(t.deps)
    const { record } = t.sandbox.messaging
    expect(record.defaultRichMenuId).toBe(ids.guest)
    expect(record.richMenus.get(ids.guest)).toMatchObject({
      name: 'tsunagu-guest',
      image: { contentType: 'image/png' },
    })
    expect(record.richMenus.get(ids.member)?.areas).toHaveLength(4)
    expect(await loadRichMenuIds(t.db)).toEqual(ids)
    expect(await ensureRichMenus(t.deps)).toEqual(ids)
    // A sandbox that forgot its menus gets them again; the old ids are replaced.
    t.sandbox.messaging.reset()
    const again = await ensureRichMenus(t.deps)
    expect(again.guest).not.toBe(ids.guest)
    expect(t.sandbox.messaging.record.defaultRichMenuId).toBe(again.guest)
  })
})
