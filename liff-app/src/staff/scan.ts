// Reads a member card QR: liff.scanCodeV2 inside LINE, otherwise the camera with BarcodeDetector or jsQR.
// Loaded only by the staff page, so the customer card bundle carries none of it.

import IsApiAvailable from '@line/liff/is-api-available'
import ScanCodeV2 from '@line/liff/scan-code-v2'
import { liff } from '../liff/client'

let installed = false

/** True when LINE's own scanner can be used (inside the LINE app, on a version that supports it). */
export function canUseLineScanner(): boolean {
  if (!installed) {
    liff.use(new IsApiAvailable())
    liff.use(new ScanCodeV2())
    installed = true
  }
  try {
    return liff.isInClient() && liff.isApiAvailable('scanCodeV2')
  } catch {
    return false
  }
}

/** Opens LINE's scanner; null when the staff member closed it without scanning. */
export async function scanWithLine(): Promise<string | null> {
  const result = await liff.scanCodeV2()
  return result.value ?? null
}

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>
}

/** A frame reader for the camera: the browser's BarcodeDetector where it exists, else jsQR (lazy chunk). */
export async function createFrameDecoder(): Promise<(video: HTMLVideoElement) => Promise<string | null>> {
  const Native = (globalThis as { BarcodeDetector?: new (o: { formats: string[] }) => Detector }).BarcodeDetector
  if (Native) {
    const detector = new Native({ formats: ['qr_code'] })
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null
  }
  const { default: jsQR } = await import('jsqr')
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  return async (video) => {
    if (!context || video.videoWidth === 0) return null
    canvas.width = video.videoWidth
    canvas.height = video.videoHeight
    context.drawImage(video, 0, 0)
    const image = context.getImageData(0, 0, canvas.width, canvas.height)
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null
  }
}

/** A typed value is a card code when it has the token's three dot-separated parts; otherwise a member number. */
export function looksLikeCardToken(value: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value.trim())
}

/** A fresh idempotency key: made when an action form is prepared, reused for every retry of that action. */
export function newActionKey(): string {
  return crypto.randomUUID()
}
