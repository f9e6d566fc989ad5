import { describe, expect, it } from 'vitest'
import { actorText, auditSentence, targetText, type AuditEntry } from '../../../../liff-app/src/admin/audit/audit-words'

const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  actor: 'staff:2',
  actorName: '田中',
  actorRole: 'admin',
  action: 'points.adjusted',
  target: 'member:18',
  targetName: '0000000018 山田 花子',
  detail: null,
  storeId: null,
  at: '2026-12-02T10:00:00.000Z',
  ...e,
})

describe('audit words', () => {
  it('says who adjusted whose points by how much and why', () => {
    const e = entry({ detail: { points: 120, reason: 'お詫び', balance: 1820 } })
    expect(auditSentence(e, 'ja', 'Asia/Tokyo')).toBe(
      '管理者 田中 が 会員 0000000018 山田 花子 のポイントを +120 pt 調整（理由: お詫び）',
    )
    expect(auditSentence(e, 'en', 'Asia/Tokyo')).toBe(
      'Admin 田中 adjusted member 0000000018 山田 花子 by +120 pt (reason: お詫び)',
    )
  })

  it('names staff, customers and the system, and never shows a raw reference', () => {
    expect(actorText({ actor: 'staff:3', actorName: '鈴木', actorRole: 'manager' }, 'ja')).toBe('スタッフ 鈴木')
    expect(actorText({ actor: 'staff:2', actorName: '田中', actorRole: 'admin' }, 'en')).toBe('Admin 田中')
    expect(actorText({ actor: 'line:U123', actorName: null, actorRole: null }, 'ja')).toBe('お客さま')
    expect(actorText({ actor: 'system:expiry', actorName: null, actorRole: null }, 'ja')).toBe('システム')
    expect(actorText({ actor: 'staff:9', actorName: null, actorRole: null }, 'ja')).toBe('スタッフ （削除済み）')
    expect(targetText({ target: 'line:U123', targetName: null }, 'en')).toBe('Customer')
    const unknown = auditSentence(entry({ action: 'something.new', detail: {} }), 'ja', 'Asia/Tokyo')
    expect(unknown).toBe('その他の操作（something.new）')
  })

  it('fills a missing fact with a dash rather than a placeholder', () => {
    expect(auditSentence(entry({ detail: {} }), 'ja', 'Asia/Tokyo')).toContain('— pt 調整（理由: —）')
  })
})
