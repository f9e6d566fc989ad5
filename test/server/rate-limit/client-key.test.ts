import { describe, expect, it } from 'vitest'
import { clientKey } from '../../../server/rate-limit/client-key'

describe('clientKey', () => {
  it('counts an IPv4 address as itself, also when a dual-stack socket reports it IPv4-mapped', () => {
    expect(clientKey('203.0.113.5')).toBe('203.0.113.5')
    expect(clientKey('::ffff:203.0.113.5')).toBe('203.0.113.5')
  })

  it('counts every IPv6 address of one /64 as one client', () => {
    const key = '2001:db8:1:2::/64'
    expect(clientKey('2001:db8:1:2:aa::1')).toBe(key)
    expect(clientKey('2001:0DB8:0001:0002:ffff:ffff:ffff:fffe')).toBe(key)
    expect(clientKey('2001:db8:1:2::')).toBe(key)
    expect(clientKey('2001:db8:1:3::1')).not.toBe(key)
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(clientKey('::1')).toBe('0:0:0:0::/64')
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
  })
})
