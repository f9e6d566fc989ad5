import { createSendSchedule, reserve } from '../server/outbox/send-schedule'
import { nextPaceFactor } from '../server/outbox/reservation-pace'

// 40 invocations x 6 connections; RTT random; the consumer's permit logic (lateMs 30) simplified.
function run(mode: 'fixed1' | 'fixed125' | 'aimd', consumers = 40, seconds = 20, seed = 1) {
  let x = seed
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648)
  const rtt = () => 55 + Math.min(200, -Math.log(1 - rnd()) * 30) // 55 + exp(mean 30)
  const s = createSendSchedule(2000, 0)
  const inv = Array.from({ length: consumers }, () => ({ free: Array<number>(6).fill(0), starts: [] as number[], rt: 0, factor: 1, late: 0, lateAt: 0 }))
  let sent = 0, late = 0, calls = 0
  const end = seconds * 1000
  let stallUntil = -1
  for (let now = 0; now < end; now++) {
    if (now > stallUntil && rnd() < 1 / 700) stallUntil = now + 40 + rnd() * 120
    if (now <= stallUntil) continue // the thread is blocked: nothing starts, answers wait
    for (const c of inv) {
      for (let i = 0; i < 6; i++) {
        if (c.free[i]! > now) continue
        // drop late starts
        while (c.starts.length && c.starts[0]! < now - 30) { c.starts.shift(); late++; c.late++ }
        if (c.starts.length === 0) {
          let f = 1
          if (mode === 'fixed125') f = 1.25
          if (mode === 'aimd') { c.factor = nextPaceFactor(c.factor, c.late - c.lateAt); c.lateAt = c.late; f = c.factor }
          const want = c.rt === 0 ? 6 : 24
          calls++
          const r = reserve(s, want, now, (c.rt / 6) * f)
          if (r.waitsMs.length === 0) { c.free[i] = now + (r.retryInMs ?? 10); continue }
          c.starts.push(...r.waitsMs.map((w) => now + w))
        }
        const at = Math.max(now, c.starts.shift()!)
        let t = rtt()
        t += Math.max(0, 0) // answers landing in a later stall are handled at its end (approximated by the loop skip)
        c.rt = c.rt === 0 ? t : 0.8 * c.rt + 0.2 * t
        c.free[i] = Math.ceil(at + t)
        if (at < end) sent++
      }
    }
  }
  return { mode, consumers, perSecond: Math.round(sent / seconds), late, calls }
}
for (const consumers of [25, 40, 64]) for (const m of ['fixed1', 'fixed125', 'aimd'] as const) console.log(JSON.stringify(run(m, consumers)))
