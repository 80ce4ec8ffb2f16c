/** Holiday data for a new year: the admin page, the office banner and their error codes (zh-CN). */
export default {
  menu: { holidays: '节假日安排' },
  holidays: {
    title: '年度节假日安排',
    intro: '国务院办公厅每年11月前后发布下一年度节假日安排。上传后可预览受影响的在办期限，确认后生效；生效与上传均记入审计。',
    banner: '{years} 年尚无官方节假日安排：{n} 个在办期限跨入该年度，目前按仅扣除周末计算，到期日可能有误。请管理员上传该年度安排。',
    bannerLink: '前往上传',
    known: '已有数据年度', inForce: '当前使用版本', upload: '上传年度安排', year: '年度', file: '文件', choose: '选择文件', send: '上传并校验',
    formats: '支持 holiday-cn 格式的 JSON 文件或 iCalendar 日历文件（.ics）；每个日期须明确标注放假或调休上班。',
    uploaded: '{year} 年第 {version} 版已上传，请预览后生效', field: '位置', date: '日期', problem: '问题',
    versions: '已上传版本', none: '尚未上传任何年度安排', version: '版本', format: '格式', days: '天数', dayCounts: '放假 {off} 天 / 调休上班 {work} 天',
    uploadedBy: '上传人 · 时间', state: '状态', current: '生效中（{by}，{at}）', notApplied: '未生效', actions: '操作', preview: '预览影响', apply: '生效',
    applyConfirm: '确定使 {year} 年第 {version} 版生效吗？将调整 {n} 个在办期限的到期日及其提醒，并记入审计。',
    applied: '{year} 年安排已生效，{n} 个期限已调整',
    previewTitle: '{year} 年第 {version} 版生效后将调整 {n} 个在办期限', noMoves: '没有在办期限受影响',
    application: '办件', kind: '期限类型', oldDue: '原到期日', newDue: '新到期日', builtIn: '内置数据', yearVersion: '{year} 年第 {version} 版',
    moved: '{year} 年节假日安排（第 {version} 版）生效，期限调整：{moves}',
  },
  labels: {
    deadlineKind: { supply: '容缺材料补齐期限' },
    journalEvent: { deadlinesMoved: '期限调整（节假日安排）' },
    holidayProblem: {
      yearInvalid: '年度不在 2000–2100 之间', jsonInvalid: '不是有效的 JSON', yearMissing: '缺少年度', yearMismatch: '文件年度与上传年度不一致',
      daysMissing: '缺少日期列表', dayInvalid: '日期条目格式不正确', dateInvalid: '日期格式不正确', nameMissing: '缺少节日名称',
      flagMissing: '未标明放假或调休上班', icsInvalid: '不是 iCalendar 文件', icsTruncated: '文件不完整（被截断），请上传完整文件', scheduleIncomplete: '不是完整的全年安排（缺少节日或放假天数不足）', encodingInvalid: '文件不是 UTF-8 编码，请另存为 UTF-8 后上传', formatUnsupported: '文件格式不支持', daysEmpty: '没有任何日期', dateOutsideYear: '日期不在该年度内', dateDuplicate: '日期重复',
    },
  },
  errors: {
    'calendar_holiday-data-invalid': '节假日安排文件有误，未保存任何内容',
    'calendar_version-not-found': '该年度的节假日安排版本不存在',
    'calendar_version-in-force': '该版本已在使用中',
  },
}
