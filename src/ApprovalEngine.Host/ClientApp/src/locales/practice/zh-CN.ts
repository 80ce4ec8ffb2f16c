/** 中国式审批: review modes, chains by position, added signers (zh-CN). */
export default {
  practice: {
    mode: { all: '会签', any: '或签', sequential: '依次审批', vote: '票签', single: '单人审查' },
    modeHint: {
      all: '会签：全部签署人同意才通过，任何一人不同意即结束本部门审查',
      any: '或签：任一签署人的意见即为本部门意见',
      sequential: '依次审批：按顺序逐人签署，任何一人不同意即结束',
      vote: '票签：同意票达到通过比例即通过，无法达到即不通过',
    },
    position: { handler: '承办', checker: '审核', approver: '批准' },
    level: '{position}（第 {level}/{levels} 级）',
    levelHint: '部门内审批链：承办 → 审核 → 批准，最后一级同意后部门意见生效；任何一级不同意即结束',
    signersTag: '{mode} · {count} 人',
    sequentialTag: '{mode} · 第 {index}/{count} 人',
    voteTag: '{mode} · {count} 人 · 通过比例 {ratio}%',
    signers: {
      title: '加签', mode: '加签方式', users: '加签人员', current: '已加签人员', add: '确定加签', remove: '减签', pick: '请选择加签人员',
      added: '已加签', removed: '已减签',
      modes: { before: '前加签', after: '后加签', parallel: '并加签' },
      hints: {
        before: '加签人员先签署意见，供本人参考后再办理',
        after: '本人同意后由加签人员签署，任何一人不同意即转为不同意',
        parallel: '与本人同时签署；本人同意后待加签人员全部签署，任何一人不同意即转为不同意',
      },
    },
  },
  errors: {
    'task_position-required': '本级审批需要相应岗位（承办人、审核人或批准人）',
    'task_signers-pending': '加签人员尚未签署，暂不能办结',
    'task_signer-waiting': '后加签：请待主办人签署后再签署',
  },
  labels: { journalEvent: { signOffProgress: '会签进度', taskSignersAdded: '加签', taskSignerRemoved: '减签', addedSignerAnswered: '加签人员签署', taskDecisionHeld: '主办意见待加签' } },
}
