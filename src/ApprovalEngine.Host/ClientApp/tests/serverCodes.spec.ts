import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '@/locales'
import { labelOf } from '@/utils/labels'

/**
 * Every audit action and task outcome the server writes (AuditTrail's system actions, AuditObserver's names of the journal
 * events that open a stimulus, the activities' outcomes). A code without a label shows as 其他（code）: the audit page showed
 * 其他（audit.checkpoint.created） and a complaint reply's button 其他（Replied）.
 */
const AUDIT_ACTIONS = [
  'instance.started', 'instance.cancelled', 'instance.resumed', 'task.completed', 'timer.fired', 'applications.archived',
  'audit.checkpoint.created', 'document.downloaded', 'document.issued',
  'definition.draft-saved', 'definition.version-created', 'definition.published', 'definition.retracted', 'definition.draft-deleted',
  'seal.created', 'seal.rotated', 'seal.revoked', 'calendar.year.uploaded', 'calendar.year.applied', 'credit.mark-added', 'credit.mark-removed',
  'directory.seeded', 'directory.department-created', 'directory.department-changed', 'directory.department-deleted',
  'directory.staff-created', 'directory.staff-changed', 'directory.substitute-created', 'directory.substitute-deleted',
  'task.claimed', 'task.released', 'task.transferred', 'task.delegated', 'task.delegation.answered', 'task.copied', 'task.copy.read', 'task.urged',
  'task.returned', 'task.withdrawn', 'task.signers.added', 'task.signer.removed', 'added.signer.answered', 'task.decision.held',
  'material.supplied', 'deferred.materials.supplied', 'deferred.materials.lapsed', 'deadline.warning', 'deadline.overdue',
  'service.evaluated', 'complaint.reply.rated', 'supervision.acknowledged', 'supervision.feedback',
  'licence.shared', 'licence.revoked', 'licence.replaced', 'certificate.posted', 'certificate.delivered',
]
const OUTCOMES = ['Accepted', 'NotAccepted', 'CorrectionRequested', 'Approved', 'Rejected', 'NeedsCorrection', 'Denied', 'Rectified', 'CalledBack',
  'Replied', 'Verified', 'CommitmentFalse', 'AcceptedOnCommitment', 'NotRequired']

describe('every code the server writes has a label in both languages', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
    const t = global.t as (k: string, v?: Record<string, unknown>) => string
    const te = (k: string) => global.te(k, locale)
    it(`${locale}: audit actions`, () => {
      const missing = AUDIT_ACTIONS.filter((a) => labelOf(t, te, 'auditAction', a) === t('labels.unknown', { code: a }))
      expect(missing).toEqual([])
    })
    it(`${locale}: outcomes`, () => {
      const missing = OUTCOMES.filter((o) => labelOf(t, te, 'outcome', o) === t('labels.unknown', { code: o }))
      expect(missing).toEqual([])
    })
  }
})
