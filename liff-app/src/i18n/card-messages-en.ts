// The member card's messages in English: loaded (useI18n.ts) only when the page is English, so a Japanese first paint
// does not carry them.

import type { cardMessages } from './card-messages'

export const cardMessagesEn: Record<keyof typeof cardMessages, string> = {
  'app.loading': 'Loading…',
  'card.title': 'Member card',
  'card.memberNumber': 'Member No.',
  'card.balance': 'Points',
  'card.expiring': '{points} pt expire on {date}',
  'card.qrHint': 'Show this code to staff at checkout',
  'card.qrAlt': 'Member card QR code',
  'card.countdown': 'Valid for {seconds}s',
  'card.offline': 'Offline: showing the code until it expires',
  'card.unavailable': 'Cannot refresh: showing the code until it expires',
  'card.expired': 'This code has expired',
  'card.retry': 'Reload',
  'history.title': 'Point history',
  'history.empty': 'No point activity yet',
  'history.kind.earn': 'Earned',
  'history.kind.redeem': 'Redeemed',
  'history.kind.expire': 'Expired',
  'history.kind.adjust': 'Point adjustment',
  'history.kind.reverse': 'Transaction cancelled',
  'reservations.title': 'Reservations',
  'reservations.empty': 'No upcoming reservations',
  'reservations.party': '{count} people',
  'reservations.status.booked': 'Booked',
  'reservations.status.confirmed': 'Confirmed',
  'reservations.status.cancelled': 'Cancelled',
  'reservations.status.visited': 'Visited',
  'reservations.status.no_show': 'No-show',
  'notMember.title': 'You are not a member yet',
  'notMember.body':
    'The {shop} member card becomes available once you register or link your existing membership to LINE.',
  'notMember.hello': 'Hello, {name}',
  'error.title': 'Something went wrong',
  'notMember.register': 'Register as a new member',
  'notMember.link': 'Link my existing membership',
  'register.welcome': 'Thank you for registering!',
  'coupons.open': 'Coupons',
  'settings.open': 'Settings',
}
