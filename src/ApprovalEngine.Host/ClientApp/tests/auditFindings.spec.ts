import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '@/locales'
import { labelOf } from '@/utils/labels'

// Every finding a checkpoint comparison can report (AnchorCodes in AuditAnchoring.cs) is words on the audit page.
const source = readFileSync(resolve(__dirname, '../../../ApprovalEngine.Persistence/Audit/AuditAnchoring.cs'), 'utf8')
const block = source.slice(source.indexOf('public static class AnchorCodes'), source.indexOf('public sealed record StoredCheckpoint'))
const codes = [...block.matchAll(/=\s*"([a-z-]+)"/g)].map((m) => m[1])

describe('audit checkpoint findings', () => {
  it('reads the codes from the server', () => expect(codes.length).toBeGreaterThanOrEqual(7))
  for (const locale of ['zh-CN', 'en'] as const) {
    const { global } = createI18n({ legacy: false, locale, messages, missingWarn: false, fallbackWarn: false })
    const t = global.t as (k: string, v?: Record<string, unknown>) => string
    const te = (k: string) => global.te(k, locale)
    it(`names every finding in ${locale}`, () => {
      for (const code of codes) expect(labelOf(t, te, 'anchorFinding', code)).not.toBe(t('labels.unknown', { code }))
    })
  }
})
