/** Holiday data for a new year: the admin page, the office banner and their error codes (English). */
export default {
  errors: {
    'calendar_holiday-data-invalid': 'The holiday schedule has problems; nothing was stored',
    'calendar_version-not-found': 'No such version of that year\'s holiday schedule',
    'calendar_version-in-force': 'That version is already in force',
  },
}
