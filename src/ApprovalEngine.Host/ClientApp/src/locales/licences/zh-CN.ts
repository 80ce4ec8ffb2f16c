// 电子证照库（查询、撤销、换发）、证照核验结论和证照送达的文案（由 locales/index.ts 合并到主文案）。
const licencesZhCN = {
  menu: { licences: '电子证照库' },
  licences: {
    pickerLoading: '正在加载办事指南和申请人的电子证照…', reveal: '显示完整号码', hide: '隐藏', revealForbidden: '您无权查看该持证人的完整证件号码（仅限办理或监管该证照的人员）', reuse: '引用电子证照（免提交）', pick: '选择有效证照', noneValid: '申请人没有该类型的有效证照', use: '引用', until: '有效期至 {date}', shared: '已引用{name}：{number}（已核验印章和有效期）', sharedTag: '电子证照（免提交）',
    holder: '持证人', number: '证照编号', type: '证照类型', allTypes: '全部类型', status: '状态', matter: '许可事项', validity: '有效期', issuer: '发证机关', issuedAt: '发证日期',
    none: '没有符合条件的证照', actions: '操作', revoke: '撤销', replace: '换发', application: '查看办件', verify: '核验',
    revokeTitle: '撤销证照 {number}', replaceTitle: '换发证照 {number}', reasonCode: '原因类别', reason: '原因说明', reasonHint: '写明撤销或换发的事实和依据（将记入审计并在核验时公开原因类别）',
    newHolder: '新持证人（不变可留空）', newScope: '新许可范围（不变可留空）', newValidUntil: '有效期至（不变可留空）',
    revoked: '已撤销证照 {number}', replaced: '已换发：新证照 {number}', replacedBy: '已由 {number} 换发', replaces: '换发自 {number}', revokedOn: '{date} 撤销：{reason}',
    confirmRevoke: '撤销后该证照在所有核验中显示为“已撤销”，且不可恢复。确定撤销？',
    statuses: { valid: '有效', revoked: '已撤销', replaced: '已换发', expired: '已过期', invalid: '验签未通过' },
    reasons: {
      'false-commitment': '告知承诺不实', 'obtained-by-fraud': '以欺骗、贿赂等不正当手段取得', 'issued-in-error': '违法或错误核发', 'conditions-not-met': '不再具备许可条件',
      'administrative-penalty': '行政处罚吊销', 'holder-request': '持证人申请注销', 'information-changed': '证照信息变更换发', 'lost-or-damaged': '遗失或损毁补发', other: '其他',
    },
  },
  intake: { fileNumberAuto: '留空自动编号（区划代码+日期+流水号），或输入已有文号' },
  delivery: {
    title: '证照送达', none: '尚无证照', pending: '待送达', posted: '已寄出', delivered: '已送达', due: '法定送达期限 {date}（决定之日起10个工作日，行政许可法第四十四条）',
    record: '登记送达', method: '送达方式', methods: { window: '窗口领取', express: '快递送达' }, recipient: '收件人', phone: '联系电话', address: '收件地址',
    courier: '快递公司', courierHint: '例如 中国邮政EMS', trackingNumber: '快递单号', postedOn: '寄出日期', deliveredOn: '送达（领取）日期', saved: '送达信息已登记',
  },
  labels: {
    deadlineKind: { delivery: '证照送达时限' },
    auditAction: { licence_revoked: '撤销证照', licence_replaced: '换发证照', certificate_posted: '证照寄出', certificate_delivered: '证照送达' },
    journalEvent: { licenceRevoked: '撤销证照', licenceReplaced: '换发证照', certificatePosted: '证照寄出', certificateDelivered: '证照送达' },
    verifyCode: {
      licenceRevoked: '证照已被撤销', licenceReplaced: '证照已换发，原证照失效', attachmentMismatch: '附件与文书不符', notSealed: '未加盖电子印章',
      sealNotYetValid: '签章时印章尚未生效', sealExpired: '签章时印章已失效', profileMismatch: '签名算法与印章不符',
    },
  },
  verify: { status: '证照状态', reasonCode: '原因类别', replacedBy: '现行有效证照', revokedAt: '失效时间', pdf: '上传 PDF 核验', pdfHint: '上传本系统出具的证照或文书 PDF，核验其内嵌的签章数据' },
  applicant: { form: { projectCode: '投资项目代码格式应为 YYYY-AAAAAA-DD-TT-NNNNNC（24位，含校验位）' } },
  errors: { 'licence_wrong-type': '该证照类型与所需材料不符', 'code_implementation-invalid': '事项实施编码不符合 GB/T 39554.1', 'code_project-invalid': '投资项目代码不符合 GB/T 40058（格式或校验位错误）', licence_ended: '该证照已被撤销或换发', delivery_invalid: '该证照已送达，不能再修改', 'licence_not-found': '未找到该证照', 'certificate_not-found': '未找到该证照' },
}
export default licencesZhCN
