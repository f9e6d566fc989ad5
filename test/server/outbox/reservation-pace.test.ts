import { describe, expect, it } from 'vitest'
import { nextPaceFactor, reservationGapMs, reservationPace } from '../../../server/outbox/reservation-pace'

describe('reservation pace', () => {
  it('widens the spacing after starts went unused and narrows it slowly while none do, never below the mean pace', () => {
    let factor = 1
    factor = nextPaceFactor(factor, 3)
    expect(factor).toBeCloseTo(reservationPace.widen)
    factor = nextPaceFactor(factor, 1)
    expect(factor).toBeCloseTo(reservationPace.widen ** 2)
    factor = nextPaceFactor(factor, 0)
    expect(factor).toBeCloseTo(reservationPace.widen ** 2 * reservationPace.narrow)
    for (let i = 0; i < 100; i++) factor = nextPaceFactor(factor, 0)
    expect(factor).toBe(1)
    for (let i = 0; i < 100; i++) factor = nextPaceFactor(factor, 1)
    expect(factor).toBe(reservationPace.max)
  })

  it('spaces starts at the round trip over the connections, times the factor', () => {
    expect(reservationGapMs(60, 6, 1)).toBe(10)
    expect(reservationGapMs(60, 6, 1.5)).toBe(15)
    expect(reservationGapMs(0, 6, 2)).toBe(0)
  })
})
