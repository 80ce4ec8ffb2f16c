/** Holiday data for a new year: the admin page, the office banner and their error codes (English). */
export default {
  menu: { holidays: 'Holiday schedules' },
  holidays: {
    title: 'Yearly holiday schedules',
    intro: 'The State Council publishes next year\'s holiday schedule around November. Upload it, preview which open deadlines move, then apply it; uploads and applications are audited.',
    banner: 'No official holiday data for {years}: {n} open deadlines run into it and are counted by weekends only, so due dates may be wrong. An administrator should upload that year\'s schedule.',
    bannerLink: 'Upload it',
    known: 'Years with data', inForce: 'Versions in force', upload: 'Upload a year\'s schedule', year: 'Year', file: 'File', choose: 'Choose file', send: 'Upload and check',
    formats: 'holiday-cn JSON (application/json) or an iCalendar file (.ics); every date must say whether it is a day off or a make-up working day.',
    uploaded: 'Version {version} of {year} uploaded; preview it, then apply', field: 'Where', date: 'Date', problem: 'Problem',
    versions: 'Uploaded versions', none: 'No schedule uploaded yet', version: 'Version', format: 'Format', days: 'Days', dayCounts: '{off} off / {work} make-up working',
    uploadedBy: 'Uploaded by · at', state: 'State', current: 'In force ({by}, {at})', notApplied: 'Not applied', actions: 'Actions', preview: 'Preview', apply: 'Apply',
    applyConfirm: 'Apply version {version} of {year}? {n} open deadlines and their reminders move; the change is audited.',
    applied: 'The {year} schedule is in force; {n} deadlines moved',
    previewTitle: 'Applying version {version} of {year} moves {n} open deadlines', noMoves: 'No open deadline moves',
    application: 'Application', kind: 'Deadline', oldDue: 'Due now', newDue: 'Due after', builtIn: 'Built-in data', yearVersion: '{year} version {version}',
    moved: 'The {year} holiday schedule (version {version}) took effect; deadlines moved: {moves}',
  },
  labels: {
    deadlineKind: { supply: 'Deferred materials due' },
    journalEvent: { deadlinesMoved: 'Deadlines moved (holiday schedule)' },
    holidayProblem: {
      yearInvalid: 'The year is not between 2000 and 2100', jsonInvalid: 'Not valid JSON', yearMissing: 'The year is missing', yearMismatch: 'The file is for another year',
      daysMissing: 'The list of days is missing', dayInvalid: 'A day entry is malformed', dateInvalid: 'A date is malformed', nameMissing: 'A holiday name is missing',
      flagMissing: 'Day off or working day is not said', icsInvalid: 'Not an iCalendar file', icsTruncated: 'The file was cut off; upload the whole file', scheduleIncomplete: 'Not a whole year\'s schedule (a festival missing or too few days off)', encodingInvalid: 'The file is not UTF-8; save it as UTF-8 and upload again', formatUnsupported: 'Unsupported file format', daysEmpty: 'No days listed', dateOutsideYear: 'A date is outside the year', dateDuplicate: 'A date is listed twice',
    },
  },
  errors: {
    'calendar_holiday-data-invalid': 'The holiday schedule has problems; nothing was stored',
    'calendar_version-not-found': 'No such version of that year\'s holiday schedule',
    'calendar_version-in-force': 'That version is already in force',
  },
}
