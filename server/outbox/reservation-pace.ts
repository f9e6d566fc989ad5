// How far apart a queue consumer asks for its starts (queue-consumer.ts). Its connections come free at their mean pace
// (round trip ÷ connections) only on average: an answer slower than the mean leaves a reserved start passing while
// every connection is busy, and that start is lost to the whole channel. So the spacing follows what became of the
// starts since the last reservation: a step wider when some went unused, a little narrower again while none did,
// never narrower than the mean pace. Pure.

export const reservationPace = {
  /** The factor after a reservation some of whose starts went unused. */
  widen: 1.15,
  /** The factor after one whose starts were all used. */
  narrow: 0.97,
  /** The widest spacing, as a multiple of the mean pace. */
  max: 2,
} as const

/** The next spacing factor, from the last one and the starts left unused since the last reservation. */
export function nextPaceFactor(factor: number, unusedSinceLast: number): number {
  const next = unusedSinceLast > 0 ? factor * reservationPace.widen : factor * reservationPace.narrow
  return Math.min(reservationPace.max, Math.max(1, next))
}

/** Least time between two reserved starts: the connections' mean pace times `factor`; 0 while no round trip is known. */
export function reservationGapMs(roundTripMs: number, connections: number, factor: number): number {
  return (roundTripMs / connections) * factor
}
