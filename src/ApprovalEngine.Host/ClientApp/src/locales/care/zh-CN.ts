// 服务评价与投诉（办公端）的文案；由 locales/index.ts 合并到主文案。
const careZhCN = {
  menu: { care: '评价与投诉' },
  care: {
    tabs: { complaints: '投诉建议答复', rectifications: '差评整改', reports: '评价报表', sms: '短信（开发环境）', tablet: '窗口评价器' },
    kinds: { complaint: '投诉', suggestion: '建议' },
    channels: { online: '网上评价', window: '窗口评价' },
    levels: { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' },
    complaints: {
      none: '暂无投诉建议', number: '编号', kind: '类型', content: '内容', complainant: '投诉人', department: '承办部门', due: '答复期限', reply: '答复',
      inTime: '按期', late: '超期', answer: '答复', replyHint: '答复内容将以短信告知投诉人', send: '发送答复', sent: '已答复', rated: '投诉人评价：{level}',
      statusOpen: '待答复', statusReplied: '已答复', statusAll: '全部', search: '编号或内容，回车搜索',
      transfer: '转办', transferTitle: '转办投诉建议', toDepartment: '转给部门', transferReason: '转办理由', transferHint: '例如：属消防安全问题，由消防部门答复',
      transferNote: '转办后由接收部门答复并计入其按期答复率，答复期限不变。', transferSend: '确认转办', transferred: '已转办给{department}',
    },
    rectifications: {
      statusAll: '全部', statusOpen: '待办理', statusClosed: '已办结',
      none: '暂无差评', fileNumber: '办件编号', level: '评价', comment: '评价内容', evaluator: '评价人', anonymous: '匿名', due: '整改期限', result: '整改情况',
      stages: { rectify: '待整改', callback: '待回访', closed: '已办结' }, recordRectification: '填写整改结果', recordCallback: '记录回访',
      rectifyHint: '说明已采取的整改措施', callbackHint: '记录回访情况（实名差评须100%回访）', saved: '已保存', nothingOpen: '当前没有待办理的整改环节',
    },
    reports: {
      from: '开始日期', to: '结束日期', by: { department: '部门', matter: '事项', staff: '工作人员', month: '月份' }, satisfaction: '好差评统计',
      total: '总数', rate: '满意率', rectified: '差评整改', complaints: '投诉建议按期答复率', replied: '已答复', withinLimit: '按期答复', openOverdue: '超期未答复',
      withinLimitRate: '按期答复率', none: '所选期间暂无数据',
    },
    tablet: {
      title: '请对本次窗口服务进行评价', fileNumber: '办件编号', fileNumberHint: '请输入或扫描受理回执上的办件编号', level: '您对本次服务是否满意？',
      comment: '评价内容（选填）', commentBad: '请告诉我们哪里不满意（必填）', realNameHint: '留下姓名和手机号码即为实名评价，差评将由专人回访（选填）',
      name: '姓名', phone: '手机号码', submit: '提交评价', thanks: '感谢您的评价！', thanksHint: '您的意见将帮助我们改进服务。', next: '下一位',
      required: { instanceId: '请输入办件编号', level: '请选择满意程度' },
      invalid: { instanceId: '未找到该办件，请核对办件编号', level: '请选择满意程度', evaluatorPhone: '手机号码格式有误', evaluatorName: '姓名有误或过长', comment: '评价内容过长' },
    },
    sms: { intro: '开发环境的短信网关替身收到的短信（每条一次，投递次数含重试）；邮件写入 Notifications:Email:PickupDirectory 目录。', none: '暂无短信', time: '接收时间', phone: '手机号码', text: '内容', deliveries: '投递次数' },
  },
}

export default careZhCN
