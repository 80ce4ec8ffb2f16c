/** Holiday data for a new year: the admin page, the office banner and their error codes (zh-CN). */
export default {
  errors: {
    'calendar_holiday-data-invalid': '节假日安排文件有误，未保存任何内容',
    'calendar_version-not-found': '该年度的节假日安排版本不存在',
    'calendar_version-in-force': '该版本已在使用中',
  },
}
