// Which kind a scanned code is: a coupon's QR starts with its scope, a member card's does not. Plain text, no
// crypto, so the staff page routes a scan with the same rule the server signs by.

/** The coupon QR's scope: a coupon token is never read as a member card, nor the other way round. */
export const couponScope = 'c.'

/** Whether a scanned code is a coupon's (the staff scanner sends it to the coupon redeem). */
export const isCouponToken = (value: string) => value.trim().startsWith(couponScope)
