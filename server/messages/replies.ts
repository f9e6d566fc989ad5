// What the bot answers in a chat, in the customer's language: keyword answers (balance, card, next reservation), the
// short help, the answers to the reminder's Confirm / Cancel buttons, and the note that an account link is done.
import type { messagingApi } from '@line/bot-sdk'
import type { MessageLocale } from '../domain/message-locale'
import { formatDate, formatPoints, formatTime } from './format'

export interface NextVisit {
  startsAt: Date
  confirmed: boolean
  partySize: number
  menu: string | null
  store: { name: string; timeZone: string }
}

/** How a postback about a reservation ended (see postback.ts). */
export type PostbackAnswer =
  | 'confirm_done'
  | 'confirm_already'
  | 'cancel_done'
  | 'cancel_already'
  | 'not_found'
  | 'past'
  | 'confirm_refused'
  | 'cancel_refused'

const words = {
  ja: {
    help: (link: string) =>
      `「ポイント」「会員証」「予約」と送ると、ポイント残高・会員証・次回のご予約をお知らせします。\n会員証: ${link}`,
    card: (link: string) => `会員証はこちらから開けます。\n${link}`,
    notLinked: (link: string) => `まだ会員情報と連携されていません。こちらから会員登録・連携ができます。\n${link}`,
    balance: (name: string, points: string, link: string) =>
      `${name}様のポイント残高は ${points} です。\n会員証: ${link}`,
    noVisit: (name: string) => `${name}様の今後のご予約はありません。`,
    visitTitle: (confirmed: boolean) => `次回のご予約${confirmed ? '（確定済み）' : ''}`,
    visitLine: (store: string, party: number, menu: string | null) => `${store}・${party}名${menu ? `・${menu}` : ''}`,
    linkFirst: (link: string) => `会員情報との連携が必要です。こちらから連携してください。\n${link}`,
    postback: {
      confirm_done: 'ご予約を確定しました。ご来店をお待ちしております。',
      confirm_already: 'このご予約はすでに確定済みです。',
      cancel_done: 'ご予約をキャンセルしました。またのご予約をお待ちしております。',
      cancel_already: 'このご予約はすでにキャンセル済みです。',
      not_found: 'ご予約が見つかりませんでした。',
      past: 'このご予約の日時を過ぎているため、変更できません。',
      confirm_refused: 'このご予約はキャンセル済みのため確定できません。店舗までお問い合わせください。',
      cancel_refused: 'このご予約は変更できません。店舗までお問い合わせください。',
    } satisfies Record<PostbackAnswer, string>,
    linked: { alt: '会員証との連携が完了しました', text: '会員証とLINEの連携が完了しました。', open: '会員証を開く' },
  },
  en: {
    help: (link: string) =>
      `Send "points", "card" or "reservation" to see your point balance, your member card or your next reservation.\nMember card: ${link}`,
    card: (link: string) => `Open your member card here:\n${link}`,
    notLinked: (link: string) =>
      `Your LINE account is not linked to a membership yet. You can join or link your membership here:\n${link}`,
    balance: (name: string, points: string, link: string) =>
      `Dear ${name}, your point balance is ${points}.\nMember card: ${link}`,
    noVisit: (name: string) => `Dear ${name}, you have no upcoming reservations.`,
    visitTitle: (confirmed: boolean) => `Your next reservation${confirmed ? ' (confirmed)' : ''}`,
    visitLine: (store: string, party: number, menu: string | null) =>
      `${store} · ${party} ${party === 1 ? 'person' : 'people'}${menu ? ` · ${menu}` : ''}`,
    linkFirst: (link: string) => `Please link your membership first:\n${link}`,
    postback: {
      confirm_done: 'Your reservation is confirmed. We look forward to seeing you.',
      confirm_already: 'This reservation is already confirmed.',
      cancel_done: 'Your reservation has been cancelled. We hope to see you another time.',
      cancel_already: 'This reservation has already been cancelled.',
      not_found: 'We could not find this reservation.',
      past: 'This reservation can no longer be changed: its time has passed.',
      confirm_refused: 'This reservation was cancelled and cannot be confirmed. Please contact the store.',
      cancel_refused: 'This reservation cannot be changed. Please contact the store.',
    } satisfies Record<PostbackAnswer, string>,
    linked: {
      alt: 'Your membership is linked',
      text: 'Your membership is now linked to LINE.',
      open: 'Open member card',
    },
  },
} as const

export const helpAnswer = (locale: MessageLocale, cardLink: string) => words[locale].help(cardLink)
export const cardAnswer = (locale: MessageLocale, cardLink: string) => words[locale].card(cardLink)
export const notLinkedAnswer = (locale: MessageLocale, cardLink: string) => words[locale].notLinked(cardLink)
export const linkFirstAnswer = (locale: MessageLocale, cardLink: string) => words[locale].linkFirst(cardLink)

export const balanceAnswer = (locale: MessageLocale, name: string, balance: number, cardLink: string) =>
  words[locale].balance(name, formatPoints(balance), cardLink)

export function nextVisitAnswer(locale: MessageLocale, name: string, visit: NextVisit | undefined): string {
  const w = words[locale]
  if (!visit) return w.noVisit(name)
  const { timeZone } = visit.store
  const when = `${formatDate(visit.startsAt, timeZone, locale)} ${formatTime(visit.startsAt, timeZone, locale)}`
  return `${w.visitTitle(visit.confirmed)}\n${when}\n${w.visitLine(visit.store.name, visit.partySize, visit.menu)}`
}

export const postbackAnswerText = (locale: MessageLocale, answer: PostbackAnswer) => words[locale].postback[answer]

/** The note that LINE's account-link dialog linked the membership, with a button to open the card. */
export function accountLinkedMessage(locale: MessageLocale, cardUri: string): messagingApi.TemplateMessage {
  const w = words[locale].linked
  return {
    type: 'template',
    altText: w.alt,
    template: { type: 'buttons', text: w.text, actions: [{ type: 'uri', label: w.open, uri: cardUri }] },
  }
}
