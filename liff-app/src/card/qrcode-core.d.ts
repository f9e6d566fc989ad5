// Types for the one module of `qrcode` the card imports: its core encoder, without the canvas/SVG/terminal renderers.
declare module 'qrcode/lib/core/qrcode' {
  export interface BitMatrix {
    size: number
    data: Uint8Array
  }
  export interface QRCodeSymbol {
    modules: BitMatrix
    version: number
  }
  export function create(
    data: string | { data: string; mode: 'byte' | 'alphanumeric' | 'numeric' | 'kanji' }[],
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; version?: number },
  ): QRCodeSymbol
}
