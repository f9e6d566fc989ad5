// Shared output helpers for benchmarks: the machine line and aligned result tables.
import { cpus, totalmem } from 'node:os'

/** One line describing where the numbers were measured, for BENCHMARKS.md. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  const gib = (totalmem() / 2 ** 30).toFixed(0)
  return `${cpus().length} cores (${cpu}), ${gib} GiB, Node ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString().slice(0, 10)}`
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)))
  return rows
    .map((r) =>
      r
        .map((cell, i) => String(cell).padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Nearest-rank percentile (p in 0..100) of already sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** Runs `fn` `runs` times one after another: its last value, and the median and p95 of the times in ms. */
export async function timeRuns<T>(
  runs: number,
  fn: () => Promise<T>,
): Promise<{ value: T; median: number; p95: number }> {
  const times: number[] = []
  let value: T | undefined
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    value = await fn()
    times.push(performance.now() - started)
  }
  const sorted = [...times].sort((a, b) => a - b)
  return { value: value!, median: median(times), p95: percentile(sorted, 95) }
}

/** Prints a verdict line: `PASS`/`MISS` against a target, never failing the process (benchmarks only report). */
export function verdict(label: string, ok: boolean, detail: string): string {
  return `${ok ? 'PASS' : 'MISS'}  ${label}: ${detail}`
}
