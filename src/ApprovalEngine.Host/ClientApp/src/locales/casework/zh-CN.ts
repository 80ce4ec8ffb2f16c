/** Casework pages: task-operation field errors, 加签 cards, the access log, intake, clocks (zh-CN). */
export default {
  app: { pageForbidden: '您的角色无权访问该页面，已返回首页', paren: '（{text}）', listSep: '、', sentenceSep: '，' },
  ops: { staffLabel: '{name}（{where}）' },
  errors: {
    fields: {
      toUser: {
        validation_field: '该人员不能承办此任务：须为有所属部门的工作人员，且不能是本人',
        'directory_staff-not-found': '组织机构中没有该人员',
        'directory_staff-inactive': '该人员已停用，不能承办',
        'task_operation-not-applicable': '该任务已由此人办理',
      },
      users: {
        validation_field: '所选人员中有人不能会签：须为有所属部门的工作人员，且不能是任务办理人本人',
        'directory_staff-not-found': '所选人员中有人不在组织机构中',
        'directory_staff-inactive': '所选人员中有人已停用',
        'task_operation-not-applicable': '所选人员中有人已是该任务的加签人',
      },
      toDepartment: { 'directory_department-not-found': '没有该部门' },
    },
  },
  signerCard: {
    asked: '{mode}：{requester} 请您会签',
    askedNoName: '{mode}：请您会签',
    reason: '加签理由',
    dueWithOwner: '{date}（随原审查任务）',
    deadlineTag: '随原任务期限',
    waiting: '等待 {names} 会签',
  },
  worklist: { needReason: '「{outcome}」须填写审查意见，写明理由', notStarted: '尚未受理，未开始计时', notStartedTag: '未开始计时' },
  correction: {},
  audit: {
    trail: '审计记录', access: '查阅记录', file: '办件', verifyFile: '校验 {file} 的审计链', verifyThis: '校验该办件审计链', verifyRow: '校验',
    verifyHint: '请先按文号查询，或在下表选择一个办件', verifiedFile: '{file}：',
    accessActor: '查阅人', accessWhat: '查阅内容', accessAt: '查阅时间', from: '起', to: '止', roles: '角色',
    what: {
      details: '办件详情', tasks: '审查任务', task: '审查任务', materials: '材料清单', material: '材料文件', journal: '办理过程', deadlines: '办理期限',
      documents: '文书', 'sealed-documents': '签章文书', delivery: '证照送达', 'acceptance-mode': '受理方式', 'correction-notices': '补正告知',
      evaluation: '评价', signers: '加签人员', 'licence-holder-id': '证照持证人证件号', elsa: '流程引擎状态', other: '其他',
    },
    noAccess: '没有查阅记录',
  },
  intake: { pickProcess: '请选择审批事项' },
  application: { pauseReason: '（{reason}）', extendMax: '已达延长上限（最多 {max} 个工作日）', extendConfirm: '确定将法定办理期限延长 {n} 个工作日？延长后不可撤销，理由：{reason}', extendLeft: '还可延长 {n} 个工作日' },
  applications: { outcome: '办理结果', outcomes: { approved: '准予许可', denied: '不予许可', notAccepted: '不予受理', withdrawn: '已撤回', terminated: '终止办理', revoked: '撤销许可', ended: '已办结' } },
  labels: {
    // What a button does (a verb), where the outcome's name reads as a result: English "Approved" on a button asked nothing.
    outcomeAction: {
      accepted: '受理', notAccepted: '不予受理', correctionRequested: '一次性告知补正', approved: '通过', granted: '准予许可', rejected: '不通过',
      needsCorrection: '要求补正', denied: '不予许可', acknowledged: '确认', rectified: '整改完毕', calledBack: '已回访', replied: '答复',
      verified: '核查属实', commitmentFalse: '承诺不实',
    },
  },
}
