// Member number as a 1D barcode for the POS scanners shops already have: Code 128 (set C for digit pairs, set B
// otherwise) or EAN-13 (in-store prefix 20 + a 10-digit number + check digit). Hand-written rather than a library:
// it is loaded only when the shop turns the barcode on (its own lazy chunk), and a library's bytes buy nothing here.

/** Bar and space widths in modules, bar first; the quiet zones are the caller's margin. */
export type BarWidths = number[]

// Code 128 symbol values 0–105 as six bar/space widths (ISO/IEC 15417, table 1); 106 is the stop (seven widths).
const code128Table =
  '212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132 122231 113222 ' +
  '123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 212123 212321 ' +
  '232121 111323 131123 131321 112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321 133121 ' +
  '313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 ' +
  '111422 121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 ' +
  '111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113 ' +
  '114311 411113 411311 113141 114131 311141 411131 211412 211214 211232 2331112'
const patterns = code128Table.split(' ')
const startB = 104
const startC = 105

const widths = (symbols: number[]): BarWidths => symbols.flatMap((v) => [...patterns[v]!].map(Number))

/** The Code 128 symbols of `text` (printable ASCII): set C when it is an even run of digits, else set B. */
export function code128Symbols(text: string): number[] {
  const data = /^(\d\d)+$/.test(text)
    ? [startC, ...(text.match(/\d\d/g) ?? []).map(Number)]
    : [startB, ...[...text].map((ch) => ch.charCodeAt(0) - 32)]
  const check = data.reduce((sum, v, i) => sum + v * Math.max(i, 1), 0) % 103
  return [...data, check, 106]
}

export const code128 = (text: string): BarWidths => widths(code128Symbols(text))

const ean = [
  '0001101',
  '0011001',
  '0010011',
  '0111101',
  '0100011',
  '0110001',
  '0101111',
  '0111011',
  '0110111',
  '0001011',
]
const parity = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL']
const invert = (bits: string) => [...bits].map((b) => (b === '1' ? '0' : '1')).join('')

/** The EAN-13 check digit of 12 digits. */
export const ean13Check = (digits: string) =>
  (10 - ([...digits].reduce((sum, d, i) => sum + Number(d) * (i % 2 ? 3 : 1), 0) % 10)) % 10

/** The 13 digits a member number is printed as: the in-store prefix 20, the number padded to 10, the check digit. */
export function ean13Digits(memberNumber: string): string {
  const body = `20${memberNumber.padStart(10, '0').slice(-10)}`
  return body + ean13Check(body)
}

/** EAN-13 as bar/space widths (guards included), starting with a bar. */
export function ean13(digits13: string): BarWidths {
  const [first, ...rest] = [...digits13].map(Number)
  const left = rest.slice(0, 6).map((d, i) => {
    const l = ean[d]!
    return parity[first!]![i] === 'L' ? l : [...invert(l)].reverse().join('')
  })
  const right = rest.slice(6).map((d) => invert(ean[d]!))
  const modules = `101${left.join('')}01010${right.join('')}101`
  return modules.match(/1+|0+/g)!.map((run) => run.length)
}
