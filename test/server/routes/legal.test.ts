import { describe, expect, it } from 'vitest'
import { publishPolicy, adminRequest, type LegalView } from '../../support/legal'
import { testAppPerTest } from '../../support/test-app'

describe('GET /legal/terms and /legal/privacy', () => {
  const t = testAppPerTest()

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(path, { headers })
    return { status: res.status, text: await res.text(), location: res.headers.get('location') }
  }

  it('shows the default privacy policy with every APPI item before the shop publishes one, in one language', async () => {
    const ja = await page('/legal/privacy')
    expect(ja.status).toBe(200)
    for (const heading of [
      '事業者の名称・住所・代表者',
      '利用目的',
      '第三者提供',
      '安全管理措置',
      '保存期間',
      '開示等の請求手続',
      'お問い合わせ窓口',
    ])
      expect(ja.text).toContain(heading)
    expect(ja.text).toContain('版 2026-04')
    expect(ja.text).toContain('<html lang="ja">')
    expect(ja.text).not.toContain('Purposes of use')
    const en = await page('/legal/privacy', { 'accept-language': 'en-US,en;q=0.9' })
    expect(en.text).toContain('<html lang="en">')
    expect(en.text).toContain('Purposes of use')
    expect(en.text).toContain('LY Corporation')
    expect(en.text).not.toContain('利用目的')
    expect((await page('/legal/privacy?lang=ja', { 'accept-language': 'en' })).text).toContain('利用目的')
  })

  it('shows the current version with its number and effective date, and an earlier one on request', async () => {
    await publishPolicy(t, 'terms')
    t.clock.now = new Date('2026-12-01T15:30:00Z') // 2026-12-02 in Tokyo
    await publishPolicy(t, 'terms')
    const current = await page('/legal/terms')
    expect(current.text).toContain('第2版 · 2026-12-02 施行')
    expect(current.text).toContain('第3条（ポイント）')
    expect((await page('/legal/terms?lang=en')).text).toContain('Version 2 · effective 2026-12-02')
    const earlier = await page('/legal/terms?version=1')
    expect(earlier.text).toContain('第1版 · 2026-11-23 施行')
    expect(earlier.text).toContain('これは過去の版です')
    expect((await page('/legal/terms?version=9')).status).toBe(404)
    expect((await page('/legal/terms?version=abc')).status).toBe(404)
  })

  it('redirects to the shop’s own page when the version points there', async () => {
    await publishPolicy(t, 'privacy', { externalUrl: 'https://shop.example/privacy?from=line' })
    const res = await page('/legal/privacy')
    expect(res.status).toBe(302)
    expect(res.location).toBe('https://shop.example/privacy?from=line')
  })

  it('escapes everything the shop wrote: no markup, script or attribute gets through', async () => {
    const { template } = (await (await adminRequest(t, 'GET', '/privacy')).json()) as LegalView
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    await publishPolicy(t, 'privacy', {
      content: {
        ja: {
          ...template.ja,
          intro: `${evil}\n\n<b>bold</b>`,
          operator: { name: evil, address: '東京都<br>', representative: "' onmouseover='x" },
          purposes: [evil],
          sections: [{ heading: evil, body: evil }],
        },
        en: null,
      },
    })
    const { text } = await page('/legal/privacy')
    expect(text).not.toContain('<script>alert')
    expect(text).not.toContain('<img')
    expect(text).not.toContain('<b>')
    expect(text).not.toContain('東京都<br>')
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(text).toContain('&#39; onmouseover=&#39;x')
    // No English text: English readers get the Japanese one, with no link to a missing translation.
    const en = await page('/legal/privacy?lang=en')
    expect(en.text).toContain('<html lang="ja">')
    expect(en.text).not.toContain('lang=en')
  })
})
