// Decodes uploaded text files the way Japanese shops save them: UTF-8 with or without a BOM, or Shift_JIS
// (Excel's "CSV"). encoding-japanese is pure JavaScript, so this behaves the same on Node and on workerd.
import Encoding from 'encoding-japanese'

export type TextEncodingName = 'utf-8' | 'shift_jis'

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' }
  } catch {
    // Not valid UTF-8: Shift_JIS (CP932, which is what Excel writes).
    return { text: Encoding.convert(body, { to: 'UNICODE', from: 'SJIS', type: 'string' }), encoding: 'shift_jis' }
  }
}
