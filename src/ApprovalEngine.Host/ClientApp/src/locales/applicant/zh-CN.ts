// 申请人端（网上办事）的文案与申请人相关 API 错误代码的中文说明；由 locales/index.ts 合并到主文案。
const applicantZhCN = {
  applicant: {
    nav: { portal: '政务服务网上办事', guides: '办事指南', guide: '办事指南详情', apply: '网上申报', mine: '我的办件', detail: '办件详情', progress: '办件查询', signin: '申请人登录', complaints: '投诉建议', complaintNew: '我要投诉建议', complaint: '投诉详情' },
    kind: { person: '个人', organisation: '法人' },
    status: {
      awaitingAcceptance: '待受理', awaitingCorrection: '待补正', inProgress: '办理中', approved: '已办结（准予许可）', denied: '已办结（不予许可）',
      notAccepted: '不予受理', withdrawn: '已撤回', terminated: '已终止办理', revoked: '已撤销许可', ended: '已办结',
    },
    guides: { heading: '可办事项', promised: '承诺{n}个工作日', online: '可网上办', none: '暂无可办事项' },
    guide: {
      department: '实施机关', statutory: '法定办结时限', promised: '承诺办结时限', days: '{n}个工作日', fees: '收费标准', code: '事项实施编码',
      conditions: '受理条件', materials: '申请材料', required: '必需', optional: '选填', shared: '可用电子证照', legalBasis: '设定依据',
      where: '办理地点', address: '地址', hours: '办公时间', phone: '咨询电话', apply: '在线申报',
    },
    apply: { applicant: '申请人', placeholder: '请输入', optional: '选填', submit: '提交申请', materialsNext: '提交后请在办件详情中上传申请材料或引用电子证照。' },
    form: {
      required: '此项为必填项', tooLong: '内容过长，不超过 {max} 个字', control: '不能包含换行、制表符等控制字符', number: '请输入有效的数字',
      numberBetween: '请输入 {min} 至 {max} 之间的数字', numberMin: '请输入不小于 {min} 的数字', numberMax: '请输入不大于 {max} 的数字',
      date: '请按 YYYY-MM-DD 填写有效日期', notPast: '日期不能早于今天（{today}）', phone: '请输入11位手机号码',
      projectCodeCheck: '项目代码校验未通过，请核对年份、行政区划代码和末位校验码', invalid: '填写的内容有误，请核对',
    },
    mine: { signOut: '退出登录 / 切换申请人', signOutConfirm: '退出后需重新登录；在公用手机或窗口平板上办完事请务必退出。确定退出吗？', signedOut: '已退出登录', none: '暂无办件', all: '全部', open: '办理中', finished: '已办结', count: '{name} · 共 {n} 件', end: '没有更多了', loading: '加载中…', retry: '加载失败，点击重试' },
    detail: {
      correction: '补正材料通知（一次性告知）', upload: '上传', resubmit: '补正完毕，重新提交', resubmitted: '已重新提交', uploaded: '材料已提交',
      materials: '申请材料', supplied: '已提交', useLicence: '引用{name}', documents: '文书与证照', reason: '撤回原因',
      withdraw: '撤回申请', withdrawConfirm: '撤回后本次申请即终止，确定撤回吗？', withdrawn: '已撤回',
      notFound: '未找到该办件', notFoundHint: '办件不存在，或不属于当前登录的申请人', backToMine: '返回我的办件', retry: '重新加载',
      refusalReason: '不予受理理由', denialReason: '不予许可理由（{n}）', applyTo: '请向以下机关申请', decisionOpinion: '审批意见', appealRights: '救济途径', result: '办理结果', reasonIn: '理由见《{title}》（{number}），点击下载查看',
    },
    progress: {
      heading: '凭受理编号和查询码查询办理进度', fileNumber: '受理编号', fileNumberHint: '见受理通知书', queryCode: '查询码', queryCodeHint: '8位数字，见受理通知书',
      dueProvisional: '{year}年法定节假日安排尚未公布，遇节假日依法顺延', lookup: '查询', both: '请填写受理编号和查询码', clock: '法定时限', days: '已用{used}个工作日，剩余{left}个（共{limit}个）', daysTaken: '用时{used}个工作日（法定{limit}个）', due: '预计办结日期',
      decision: '审批决定', certificate: '电子证照', steps: '办理环节', current: '办理中', since: '{date} 起', round: '第{n}轮', awaitingYou: '申请人补正材料（待您补正后继续办理）', withdrawnStep: '申请已撤回', terminatedStep: '已终止办理', endReason: '原因：{reason}',
      results: { accepted: '受理', notAccepted: '不予受理', correction: '需补正', approved: '通过', granted: '准予许可', rejected: '不通过', denied: '不予许可', verified: '核查属实', commitmentFalse: '承诺不实', done: '已完成' },
    },
    evaluation: {
      title: '服务评价（好差评）', yours: '您的评价', pick: '请选择评价等级', comment: '评价内容', commentHint: '可选：说说您的办事感受',
      badHint: '请说明不满意的原因，以便责任部门整改', submit: '提交评价', thanks: '感谢您的评价',
      level: { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' },
      rectificationDue: '整改期限', rectification: '整改结果', rectifying: '责任部门正在整改，整改结果将在此告知',
    },
    complaint: {
      new: '我要投诉/建议', mine: '我的投诉建议', mineCount: '我的投诉建议 · 共 {n} 件', lookupHeading: '凭投诉编号和手机号查询答复', number: '投诉编号', numberHint: '提交后显示，以TS开头',
      phone: '手机号码', phoneHint: '用于接收答复短信', both: '请填写投诉编号和手机号码', phoneInvalid: '请输入11位手机号码或带区号的固定电话',
      about: '所涉办件', aboutThis: '对本办件投诉或建议', kind: '类型', kinds: { complaint: '投诉', suggestion: '建议' },
      content: '内容', contentHint: '请写明事情经过和您的诉求', name: '姓名（可选）', email: '电子邮箱（可选）',
      promise: '责任部门将在规定的工作日期限内答复，提交后可查看答复期限；答复将以短信通知您。', submit: '提交',
      department: '承办部门', filedAt: '提交日期', due: '答复期限', reply: '答复', replied: '已答复', awaiting: '待答复',
      inTime: '按期答复', late: '超期答复', yourRating: '您对答复的评价', rate: '评价答复',
      invalid: { content: '内容不能为空且不超过4000字', phone: '请输入11位手机号码或带区号的固定电话', name: '姓名过长', email: '请输入正确的电子邮箱', instanceId: '未找到所涉办件' },
    },
    signin: { demo: '演示申请人（开发环境）', platform: '请通过省统一身份认证平台登录。' },
  },
  errors: {
    'guide_not-found': '未找到该事项的办事指南',
    'application_not-online': '该事项暂不支持网上申报，请按办事指南到窗口办理',
    'application_decided': '办件已作出决定或已结束，不能撤回',
    'progress_not-found': '未查询到办件：请核对受理编号和查询码',
    'applicant_subject-invalid': '证件号码校验未通过，请核对身份证号码或统一社会信用代码',
  },
}

export default applicantZhCN
