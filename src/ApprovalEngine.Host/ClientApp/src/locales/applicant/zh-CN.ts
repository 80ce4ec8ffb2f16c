// 申请人端（网上办事）的文案与申请人相关 API 错误代码的中文说明；由 locales/index.ts 合并到主文案。
const applicantZhCN = {
  errors: {
    'guide_not-found': '未找到该事项的办事指南',
    'application_not-online': '该事项暂不支持网上申报，请按办事指南到窗口办理',
    'application_decided': '办件已作出决定或已结束，不能撤回',
    'progress_not-found': '未查询到办件：请核对受理编号和查询码',
    'applicant_subject-invalid': '证件号码校验未通过，请核对身份证号码或统一社会信用代码',
  },
}

export default applicantZhCN
