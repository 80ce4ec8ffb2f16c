// 收件受理、办件查询、系统管理页面和办件文书下载的文案（由 locales/index.ts 合并到主文案）。
const pagesZhCN = {
  applications: {
    search: '关键字', searchHint: '文号、申请人或事项名称', process: '审批事项', applicant: '申请人', finished: '办结时间', none: '没有符合条件的办件', noNumber: '（无文号）',
  },
  intake: {
    applicantId: '证件号码', applicantIdHint: '统一社会信用代码或居民身份证号（选填，用于信用核查和电子证照复用）', applicantIdInvalid: '证件号码校验位不正确，请核对统一社会信用代码或身份证号', required: '请填写{field}', fileNumberHint: '例如 JS-2026-0001', applicantHint: '例如 苏州工业园区某某有限公司', projectHint: '例如 3号厂房', recent: '本窗口办件', details: '查看办件详情',
    materialHint: '选择或输入材料名称', notices: '补正告知', noNotices: '没有补正告知', resolved: '已补齐', awaiting: '待补正',
    confirmResubmit: '确认办件 {file} 的补正材料已全部收齐并重新提交？', noProcess: '暂无已发布的审批事项：请系统管理员在“系统管理”中发布。',
  },
  documents: { title: '文书下载', none: '暂无可下载的文书', issued: '已签发', notIssued: '下载时签发并加盖印章', download: '下载 PDF' },
  admin: {
    noSeals: '尚无印章：请先登记审批局印章，才能对决定加盖印章。', sealNameHint: '例如 行政审批局行政审批专用章', register: '登记印章', history: '版本记录', historyOf: '“{name}”的版本记录', openDesigner: '在设计器中打开',
    profiles: { sm2: 'SM2/SM3（国密）', 'ecdsa-p256': 'ECDSA P-256' },
    state: { Draft: '草稿', Published: '已发布', Superseded: '已被取代', Retracted: '已撤回' },
  },
}
export default pagesZhCN
