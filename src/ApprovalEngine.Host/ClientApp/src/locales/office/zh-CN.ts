// 办公端页面（办件、看板、审计、收件、管理）的补充文案与全部 API 错误代码的中文说明；由 locales/index.ts 合并到主文案。
const officeZhCN = {
  labels: {
    journalEvent: { workflowStarted: '收件', workflowFinished: '办结', workflowCancelled: '撤销办件', waiting: '等待', writeLine: '记录' },
    auditAction: {
      task_claimed: '签收', task_released: '退回待办', clock_paused: '暂停计时', clock_resumed: '恢复计时', clock_extended: '延长时限', material_supplied: '补交材料',
      supervision_acknowledged: '监管确认', supervision_feedback: '监管反馈', workflow_finished: '办结', document_downloaded: '下载文书', document_issued: '出具文书',
      audit_checkpoint: '审计锚定', definition_draftDeleted: '删除流程草稿',
    },
  },
  errors: {
    'request_malformed': '提交的内容格式不正确', 'auth_unauthorized': '登录已失效，请重新登录', 'auth_forbidden': '无权执行此操作', 'department-required': '审查人员必须属于某个部门',
    'not-found': '未找到', 'method-not-allowed': '不支持该操作', conflict: '操作冲突，请刷新后重试', 'conflict_concurrent': '他人同时修改了该事项，请刷新后重试',
    'request_too-large': '提交的内容过大', 'request_unsupported-media-type': '不支持的内容类型', 'request_too-many': '请求过于频繁，请稍后重试', 'server_error': '服务器内部错误，请稍后重试', 'server_unavailable': '服务暂不可用，请稍后重试', 'server_busy': '服务繁忙，请稍后重试',
    'validation_paging': '分页参数有误', 'validation_date': '日期格式有误', 'validation_date-range': '日期范围有误：结束日期不能早于开始日期', 'validation_format': '导出格式有误', 'validation_sort': '排序方式有误',
    'definition_not-found': '未找到该审批事项', 'definition_version-not-found': '未找到该流程版本', 'definition_invalid': '流程定义有误', 'definition_not-draft': '该版本不是草稿',
    'definition_has-published-versions': '该事项已有发布版本，不能删除', 'definition_publish-forbidden': '无权发布流程',
    'instance_ended': '该办件已办结或已撤销', 'instance_busy': '该办件正在被他人处理，请稍后重试', 'bookmark_not-pending': '该环节已被处理', 'bookmark_wrong-kind': '该环节不能这样办理',
    'instance_start-forbidden': '无权新建该事项的申请', 'application_access-denied': '无权查看该办件', 'task_forbidden-intake': '该受理环节不属于您的窗口', 'task_no-inbox': '该环节没有待办事项',
    'task_cancelled': '该事项已撤销', 'task_changed': '该事项已变动，请刷新', 'task_release-forbidden': '只能退回自己签收的事项', 'materials_required': '需补正时必须列明所需材料',
    'competent-agency_required': '不予受理时必须告知有权受理的机关', 'opinion_too-long': '审查意见过长', 'bulk_too-many': '一次选择的事项过多',
    'material_form-required': '请填写材料名称并选择文件', 'material_empty': '文件为空', 'material_content-mismatch': '文件内容与类型不符（只接受 PDF、JPEG、PNG、OFD、XML）', 'material_not-found': '未找到该材料',
    'material_application-ended': '办件已办结，不能再上传材料', 'material_file-name': '文件名不合规',
    'correction_none-pending': '该办件没有待补正的告知书', 'correction_still-missing': '告知书所列材料尚未全部补齐',
    'clock_not-running': '法定计时未在进行', 'clock_already-paused': '计时已暂停', 'clock_not-paused': '计时未暂停', 'clock_completed': '该期限已结束', 'reason_required': '请填写原因',
    'seal_not-configured': '尚未配置印章', 'seal_revoked': '该印章已吊销', 'seal_department-has-active-seal': '该部门已有有效印章', 'seal_no-active-seal': '该部门没有有效印章',
    'certificate_not-found': '未找到该证照', 'certificate_no-number': '证照缺少编号', 'document_not-found': '未找到该文书', 'document_forbidden-application': '无权查看该文书',
    'pdf_missing': '请选择 PDF 文件', 'pdf_invalid': '不是有效的 PDF 文件', 'pdf_no-sealed-payload': '该 PDF 中没有签章数据', 'pdf_too-large': 'PDF 文件过大',
    'licence_not-found': '未找到该证照', 'licence_other-holder': '该证照不属于本申请人', 'licence_invalid': '该证照已失效或验签未通过',
    'supervision_push-not-found': '未找到该推送', 'supervision_already-acknowledged': '已确认过该推送', 'supervision_forbidden-department': '该推送不属于您的部门',
    'audit_checkpoint-sink-unavailable': '审计锚定文件不可用', 'timer_already-fired': '该定时已触发', 'json_duplicate-key': '提交的内容有重复字段', 'text_invalid-character': '内容包含无效字符',
    'applicant_subject-invalid': '证件号码校验位不正确',
    'evaluation_exists': '该办件已评价过', 'evaluation_not-ended': '办件尚未办结，暂不能评价', 'evaluation_not-found': '未找到该评价',
    'complaint_not-found': '未找到该投诉', 'complaint_not-replied': '投诉尚未答复，暂不能评价', 'complaint_already-rated': '已对该投诉答复作出评价',
    'idempotency_invalid-key': '请求标识（Idempotency-Key）无效', 'idempotency_key-reused': '该请求标识已用于另一件申请', 'text_too-long': '填写的文字过长', 'value_invalid': '填写的值无效', 'multipart_invalid': '上传内容无法读取', 'validation_field': '填写的内容有误',
  },
}
export default officeZhCN
