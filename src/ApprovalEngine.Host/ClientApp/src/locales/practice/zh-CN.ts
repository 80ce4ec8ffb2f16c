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
  },
  errors: { 'task_position-required': '本级审批需要相应岗位（承办人、审核人或批准人）' },
  labels: { journalEvent: { signOffProgress: '会签进度' } },
}
