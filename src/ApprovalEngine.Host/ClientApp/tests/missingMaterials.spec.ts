import { describe, expect, it } from 'vitest'
import { missingMaterials } from '@/utils/materials'

describe('what a 受理 would leave missing', () => {
  it('lists the required materials not received, in the order required', () => {
    expect(missingMaterials(['申请书', '身份证明', '买卖合同'], ['申请书'])).toEqual(['身份证明', '买卖合同'])
  })
  it('is empty when everything required was received (extras do not matter, nor stray spaces)', () => {
    expect(missingMaterials(['申请书', '身份证明'], [' 身份证明', '申请书', '补充说明'])).toEqual([])
    expect(missingMaterials([], [])).toEqual([])
  })
})
