/** Task operations and the organisation directory (zh-CN). */
export default {
  ops: {
    more: '更多操作', transfer: '转办', delegate: '委派', copy: '抄送', urge: '催办', return: '驳回', withdraw: '撤回',
    toUser: '办理人', toDepartment: '部门', target: '转给', person: '个人', dept: '部门', reason: '理由', note: '附言', message: '催办说明',
    users: '抄送人员', departments: '抄送部门', returnTo: '退回至', applicant: '申请人（补正）', materials: '需补正材料（每行一项）',
    confirm: '确定', cancel: '取消', done: '已完成：{op}', required: '请填写必填项', requiredFields: '请填写：{fields}', copyTo: '抄送人员或部门',
  },
  directory: {
    title: '组织机构', departments: '部门', staff: '人员', substitutes: '代理人', code: '编码', name: '名称', nameEn: '英文名称',
    parent: '上级部门', head: '负责人', id: '登录名', positions: '岗位', active: '在岗', inactive: '停用', from: '开始日期', to: '结束日期',
    staffMember: '请假人员', substitute: '代理人', reason: '事由', add: '新增', edit: '编辑', remove: '删除', save: '保存', saved: '已保存',
    removeConfirm: '确定删除吗？', handler: '承办人', checker: '审核人', approver: '批准人',
  },
  errors: {"directory_department-not-found": "部门不存在", "directory_department-exists": "部门编码已被使用", "directory_department-in-use": "该部门下仍有下级部门或人员", "directory_parent-cycle": "上级部门设置形成循环", "directory_staff-not-found": "人员不存在或已停用", "directory_staff-exists": "该登录名已存在", "directory_staff-inactive": "该人员已停用，不能接收事项", "directory_position-unknown": "岗位只能是承办人、审核人或批准人", "directory_substitute-overlap": "该人员在此期间已有代理人", "directory_substitute-not-found": "代理记录不存在", "task_operation-forbidden": "只有事项承办人、部门负责人或管理员可以执行此操作", "task_operation-not-applicable": "该操作不适用于此事项的当前状态", "task_copy-not-found": "抄送记录不存在", "task_urge-limit": "今日催办次数已达上限", "task_return-not-allowed": "流程设计未允许退回到该环节", "task_withdraw-too-late": "下一环节已办理，不能撤回"},
  labels: { journalEvent: {"taskTransferred": "转办", "taskDelegated": "委派", "taskDelegationAnswered": "委派办理完毕", "taskCopied": "抄送", "taskCopyRead": "抄送已阅", "taskUrged": "催办", "taskReturned": "驳回", "taskWithdrawn": "撤回"} },
  menu: { directory: '组织机构' },
}
