// Flex Message property values → safe CSS: only known tokens, colours and pixel/percent sizes get through.

const textSizes: Record<string, string> = {
  xxs: '11px',
  xs: '13px',
  sm: '14px',
  md: '16px',
  lg: '19px',
  xl: '22px',
  xxl: '29px',
  '3xl': '35px',
  '4xl': '48px',
  '5xl': '74px',
}
const spacings: Record<string, string> = {
  none: '0',
  xs: '2px',
  sm: '4px',
  md: '8px',
  lg: '12px',
  xl: '16px',
  xxl: '20px',
}
const imageSizes: Record<string, string> = {
  xxs: '40px',
  xs: '60px',
  sm: '80px',
  md: '100px',
  lg: '120px',
  xl: '140px',
  xxl: '160px',
  '3xl': '180px',
  '4xl': '200px',
  '5xl': '240px',
  full: '100%',
}
const bubbleWidths: Record<string, string> = {
  nano: '120px',
  micro: '160px',
  deca: '220px',
  hecto: '241px',
  kilo: '260px',
  mega: '300px',
  giga: '500px',
}
const borderWidths: Record<string, string> = {
  none: '0',
  light: '0.5px',
  normal: '1px',
  medium: '2px',
  'semi-bold': '3px',
  bold: '4px',
}

const length = /^\d+(\.\d+)?(px|%)$/

function token(table: Record<string, string>, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  return table[value] ?? (length.test(value) ? value : undefined)
}

export const textSize = (v: unknown) => token(textSizes, v)
export const spacing = (v: unknown) => token(spacings, v)
export const imageSize = (v: unknown) => token(imageSizes, v)
export const borderWidth = (v: unknown) => token(borderWidths, v)
export const bubbleWidth = (v: unknown) => (typeof v === 'string' ? bubbleWidths[v] : undefined) ?? bubbleWidths.mega

export function color(value: unknown): string | undefined {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(value) ? value : undefined
}

/** Only http(s) URLs become links or images on the page. */
export function safeUrl(value: unknown): string | undefined {
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : undefined
}

/** Joins `prop: value` pairs, dropping those whose value did not pass a check above. */
export function style(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}:${v}`)
    .join(';')
}
