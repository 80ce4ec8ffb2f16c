/** 容缺受理 and 告知承诺制 at the window, the bad-credit list (zh-CN). */
export default {
  menu: { credit: '失信名单' },
  credit: {
    title: '失信名单', intro: '列入失信名单的申请人不适用容缺受理和告知承诺制，窗口须按一般程序受理。管理员可列入、移出；窗口人员和审计人员只读。每次变更均记入审计。',
    addTitle: '列入失信名单', subjectIdHint: '18 位统一社会信用代码或居民身份证号', validUntilOptional: '有效期至（可不填，不填则直至移出）', validUntilHint: '选择日期',
    required: { subjectId: '请填写统一社会信用代码或身份证号', subjectName: '请填写名称', reason: '请填写失信原因' },
    fieldErrors: { subjectId: '统一社会信用代码或身份证号无效（位数或校验位不符）', validUntil: '有效期日期无效' },
    added: '已将“{name}”列入失信名单', search: '代码或名称', searchHint: '统一社会信用代码、身份证号或名称', searchButton: '查询', includeRemoved: '含已移出',
    none: '失信名单中没有记录', untilRemoved: '直至移出', createdBy: '列入人 · 时间', state: '状态', active: '有效', removedAt: '已移出（{by}，{at}）', actions: '操作',
    remove: '移出', removeConfirm: '确定将“{name}”（{id}）移出失信名单吗？移出后该申请人可再适用容缺受理和告知承诺制，操作记入审计。', removed: '已将“{name}”移出失信名单',
  },
  acceptance: {
    title: '受理方式', mode: '受理方式', modeShort: '方式', acceptInMode: '容缺受理 / 告知承诺受理',
    modes: { standard: '一般受理', deferred: '容缺受理', commitment: '告知承诺制' },
    hints: {
      deferred: '次要材料暂缺：申请人签署承诺书，在补齐期限内补交；审查先行开展，补齐后方可作出审批决定。',
      commitment: '国办发〔2020〕42号：申请人书面承诺替代所列证明材料，快速作出决定；准予许可后在时限内核查，承诺不实的撤销许可及证照。',
    },
    deferredMaterials: '容缺（后补）材料', replacedProofs: '承诺替代的证明材料', commitment: '承诺书', signedBy: '{name} 已签署',
    signer: '承诺人（申请人或法定代表人签名）', signerHint: '如：张三（法定代表人）', text: '承诺内容（可选）', textHint: '不填则为标准承诺书文本',
    signedCheck: '申请人已当面签署书面承诺书', mustSign: '请先确认申请人已签署书面承诺书', acceptButton: '受理',
    accepted: '已按“{mode}”受理', supplyDue: '补齐期限', supplyStatus: '补齐情况',
    supply: { pending: '待补齐', supplied: '已补齐', lapsed: '逾期未补齐' },
    lapse: { terminate: '逾期终止办理', suspend: '逾期中止办理' },
    confirmSuppliedButton: '确认容缺材料已补齐', confirmSupplied: '确认以下材料均已上传：{materials}？确认后审批决定可以作出。', supplied: '容缺材料已补齐',
    verification: '承诺核查', verificationStatus: { 'awaiting-decision': '待审批决定', pending: '核查中', verified: '核查属实', false: '承诺不实，已撤销许可' },
    credit: { title: '失信名单', subjectId: '统一社会信用代码 / 身份证号', subjectName: '名称', reason: '失信原因', source: '来源', validUntil: '有效期至', add: '列入', remove: '移出', sources: { admin: '管理员录入', 'credit-platform': '信用平台', 'commitment-verification': '承诺核查不实' } },
  },
  errors: {
    'acceptance_mode-not-allowed': '本事项不允许该受理方式',
    'acceptance_material-not-listed': '所选材料不在本事项规定的容缺或承诺替代材料之列',
    'acceptance_commitment-required': '请填写签署承诺书的申请人',
    'acceptance_credit-refused': '申请人有失信记录，不适用容缺受理或告知承诺制，请按一般程序受理',
    'acceptance_no-deferred-materials': '该办件不是容缺受理',
    'acceptance_already-supplied': '容缺材料已经补齐',
    'acceptance_materials-missing': '仍有容缺材料未上传，请按材料名称上传后再确认',
    'credit_mark-not-found': '未找到该失信记录',
  },
  labels: {
    journalEvent: {
      acceptedWithDeferredMaterials: '容缺受理', acceptedOnCommitment: '告知承诺受理', decisionAwaitsDeferredMaterials: '待补齐容缺材料后决定',
      deferredMaterialsSupplied: '容缺材料已补齐', deferredMaterialsLapsed: '容缺材料逾期未补齐', commitmentVerified: '承诺核查属实',
      approvalRevokedForFalseCommitment: '承诺不实，撤销许可',
    },
    outcome: { acceptedOnCommitment: '告知承诺受理', verified: '核查属实', commitmentFalse: '承诺不实', notRequired: '无需核查' },
    auditAction: { credit_markAdded: '列入失信名单', credit_markRemoved: '移出失信名单', deferred_materials_supplied: '容缺材料已补齐', deferred_materials_lapsed: '容缺材料逾期' },
  },
}
