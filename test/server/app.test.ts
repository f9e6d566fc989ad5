import { describe, expect, it } from 'vitest'
import { apiBodyLimitBytes } from '../../server/app'
import { testAppPerSuite, json } from '../support/test-app'

describe('app', () => {
  const t = testAppPerSuite()

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.app.request('/api/nope')
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_found')
  })

  it('refuses oversized bodies with 413', async () => {
    const res = await t.app.request('/api/session', json({ idToken: 'x'.repeat(apiBodyLimitBytes) }))
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
  })

  it('serves the public config without secrets', async () => {
    const body = await (await t.app.request('/api/config')).json()
    expect(body).toEqual({
      sandbox: true,
      liffId: t.config.line.liffId,
      shopName: 'Tsunagu デモショップ',
      timeZone: 'Asia/Tokyo',
    })
  })

  it('publishes an OpenAPI document generated from the validating schemas', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/session', '/api/card', '/api/card/token', '/api/config']),
    )
    expect(doc.components.schemas.SessionRequest.required).toEqual(['idToken'])
  })
})
