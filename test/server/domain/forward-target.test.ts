import { describe, expect, it } from 'vitest'
import { forwardTargetRefusal, forwardTargetsRefusal, maxForwardTargets } from '../../../server/domain/forward-target'

describe('forwardTargetRefusal', () => {
  it('accepts an https URL on a public name in production', () => {
    expect(forwardTargetRefusal('https://bot.example.jp/line/webhook?shop=1', false)).toBeNull()
    expect(forwardTargetRefusal('https://203.0.113.5/hook', false)).toBeNull()
  })

  it('requires https in production', () => {
    expect(forwardTargetRefusal('http://bot.example.jp/hook', false)).toBe('not_https')
  })

  it('refuses loopback, private, link-local and metadata addresses in production, however they are written', () => {
    for (const url of [
      'https://localhost/hook',
      'https://api.localhost/hook',
      'https://127.0.0.1/hook',
      'https://2130706433/hook',
      'https://0x7f.1/hook',
      'https://10.1.2.3/hook',
      'https://172.20.0.1/hook',
      'https://192.168.1.10/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/hook',
      'https://0.0.0.0/hook',
      'https://[::1]/hook',
      'https://[fe80::1]/hook',
      'https://[fd00::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://printer.local/hook',
      'https://metadata.google.internal/hook',
      'https://intranet/hook',
    ]) {
      expect([url, forwardTargetRefusal(url, false)]).toEqual([url, 'private_address'])
    }
  })

  it('refuses what is not an http(s) URL, and URLs carrying credentials, in any mode', () => {
    for (const development of [false, true]) {
      expect(forwardTargetRefusal('bot.example.jp/hook', development)).toBe('not_a_url')
      expect(forwardTargetRefusal('file:///etc/passwd', development)).toBe('not_a_url')
      expect(forwardTargetRefusal('https://u:p@bot.example.jp/', development)).toBe('has_credentials')
    }
  })

  it('lets development (the sandbox) forward over http to this machine', () => {
    expect(forwardTargetRefusal('http://127.0.0.1:9000/hook', true)).toBeNull()
  })
})

describe('forwardTargetsRefusal', () => {
  it('refuses more than the maximum and a repeated URL, naming the URL', () => {
    const many = Array.from({ length: maxForwardTargets + 1 }, (_, i) => `https://bot${i}.example.jp/`)
    expect(forwardTargetsRefusal(many, false)).toEqual({ url: null, reason: 'too_many' })
    expect(forwardTargetsRefusal(many.slice(0, maxForwardTargets), false)).toBeNull()
    expect(forwardTargetsRefusal(['https://a.example.jp/', 'https://a.example.jp/'], false)).toEqual({
      url: 'https://a.example.jp/',
      reason: 'duplicate',
    })
    expect(forwardTargetsRefusal(['https://a.example.jp/', 'http://b.example.jp/'], false)).toEqual({
      url: 'http://b.example.jp/',
      reason: 'not_https',
    })
  })
})
