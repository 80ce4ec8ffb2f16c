// 人名、材料名称与补正告知对话框的文案（由 locales/index.ts 合并到主文案）。
const uxZhCN = {
  names: { system: '系统', applicant: '申请人', applicantUser: '申请人（{user}）', staff: '工作人员' },
  labels: {
    auditAction: { task_urged: '催办' },
    journalEvent: { childWorkflowStarted: '启动子流程', complaintReplyRated: '投诉答复评价', licenceShared: '引用电子证照', serviceEvaluated: '办事评价', scheduled: '已排程' },
  },
  application: {
    pauseForCorrection: '申请人补正材料',
    // 窗口结束办件：应申请人要求代为撤回，或终止办理（须说明理由，并告知申请人）。
    withdrawForApplicant: '代为撤回', terminate: '终止办理',
    withdrawTitle: '代为撤回：{file}', withdrawHint: '申请人撤回申请的原因（选填，如“申请人书面申请撤回”）',
    terminateTitle: '终止办理：{file}', terminateHint: '终止办理的理由（必填，将告知申请人）', needTerminateReason: '请填写终止办理的理由',
    withdrawn: '已代申请人撤回', terminated: '已终止办理',
  },
  ops: { earlierStep: '此前环节' },
  correction: {
    refuseTitle: '不予受理：{file}', reason: '不予受理的理由', reasonHint: '写明不予受理的理由（将载入不予受理通知书）', agency: '应向哪个行政机关申请（仅不属本机关职权时填写）',
    agencyHint: '例如 市住房和城乡建设局', needReason: '请填写不予受理的理由', refuse: '不予受理',
    title: '补正告知：{file}', materials: '需补正的材料', materialsHint: '选择或输入材料名称（可多选）', opinion: '补正意见（一次性告知）',
    opinionHint: '写明每项材料需要补正的内容', needMaterials: '请至少选择一项需补正的材料', needOpinion: '请填写补正意见', send: '发出补正告知',
  },
}
export default uxZhCN
