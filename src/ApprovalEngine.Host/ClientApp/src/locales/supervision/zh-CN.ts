/** 监管推送（双推送的监管部门一侧，zh-CN）。 */
export default {
  menu: { supervision: '监管推送' },
  supervision: {
    title: '监管推送',
    intro: '审批部门办结后推送给本部门的审批结果（双推送）。请在签收时限内确认签收（签收后时限停止计算），并反馈事中事后监管情况；签收和反馈均记入办件过程和审计。',
    statusPending: '待签收', statusAcknowledged: '已签收', statusAll: '全部', search: '办件编号，回车搜索', none: '暂无推送',
    fileNumber: '办件编号', fileAndPushed: '办件编号 / 推送时间', matter: '事项', applicant: '申请人', decision: '审批结果', department: '监管部门', pushedAt: '推送时间',
    ackLimit: '签收时限', dueOn: '{date} 前签收', acknowledgement: '签收', acknowledge: '确认签收', acknowledgedBy: '{by} 于 {at} 签收',
    acknowledged: '已签收：{file}', feedback: '监管反馈', feedbackCount: '{n} 条', addFeedback: '反馈', feedbackTitle: '监管反馈记录', noFeedback: '尚无反馈',
    feedbackDialog: '反馈监管情况', findingsHint: '例如：2026年12月10日现场检查，已按许可内容开工建设。', sendFeedback: '提交反馈', feedbackSaved: '已提交监管反馈',
    implementationCode: '事项实施编码', projectCode: '项目代码', decidedAt: '决定时间', certificate: '证照编号',
  },
}
