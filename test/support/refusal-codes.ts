// The error codes a piece of server source can answer with, read from its text: the ApiErrors it throws
// (`badRequest('code', …)`, `new ApiError(400, 'code', …)`, …) and the refusals it returns (`refuse('code', …)`). The
// tests that check every code has words in a UI read the server this way, so a new code without words fails there.

const answered =
  /(?:refuse|badRequest|notFound|conflict|forbidden|unauthorized|tooManyRequests)\(\s*'([a-z_]+)'|new ApiError\(\s*\d+,\s*'([a-z_]+)'/g

/** Every code named in `sources`, each once. */
export function answeredCodes(sources: readonly string[]): string[] {
  return [...new Set(sources.flatMap((src) => [...src.matchAll(answered)].map((m) => m[1] ?? m[2]!)))]
}
