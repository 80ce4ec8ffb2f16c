/** Task operations and the organisation directory (en). */
export default {
  ops: {
    more: 'More', transfer: 'Transfer', delegate: 'Delegate', copy: 'Copy to', urge: 'Urge', return: 'Send back', withdraw: 'Withdraw',
    toUser: 'Person', toDepartment: 'Department', target: 'Transfer to', person: 'Person', dept: 'Department', reason: 'Reason', note: 'Note', message: 'Message',
    users: 'People', departments: 'Departments', returnTo: 'Send back to', applicant: 'Applicant (correction)', materials: 'Materials to correct (one per line)',
    confirm: 'OK', cancel: 'Cancel', done: 'Done: {op}', required: 'Please fill in the required fields', requiredFields: 'Please fill in: {fields}', copyTo: 'people or departments to copy',
  },
  directory: {
    title: 'Organisation', departments: 'Departments', staff: 'Staff', substitutes: 'Substitutes', code: 'Code', name: 'Name', nameEn: 'English name',
    parent: 'Parent', head: 'Head', id: 'Sign-in name', positions: 'Positions', active: 'Active', inactive: 'Inactive', from: 'From', to: 'To',
    staffMember: 'On leave', substitute: 'Substitute', reason: 'Reason', add: 'Add', edit: 'Edit', remove: 'Delete', save: 'Save', saved: 'Saved',
    removeConfirm: 'Delete this entry?', handler: 'Handler', checker: 'Checker', approver: 'Approver',
  },
  errors: {"directory_department-not-found": "Department not found", "directory_department-exists": "The department code is taken", "directory_department-in-use": "Sub-departments or staff still belong to this department", "directory_parent-cycle": "The parent would make a circle", "directory_staff-not-found": "Staff member not found or inactive", "directory_staff-exists": "That sign-in name exists already", "directory_staff-inactive": "This member is inactive and cannot receive work", "directory_position-unknown": "Positions are handler, checker or approver", "directory_substitute-overlap": "That member already has a substitute in this period", "directory_substitute-not-found": "Substitute entry not found", "task_operation-forbidden": "Only the task owner, the head of department or an admin can do this", "task_operation-not-applicable": "This operation does not apply to the task now", "task_copy-not-found": "Copy not found", "task_urge-limit": "This task was urged as often as allowed today", "task_return-not-allowed": "The process does not allow sending back to that step", "task_withdraw-too-late": "The next step has acted; it can no longer be withdrawn"},
  labels: { journalEvent: {"taskTransferred": "Transferred", "taskDelegated": "Delegated", "taskDelegationAnswered": "Delegate answered", "taskCopied": "Copied", "taskCopyRead": "Copy read", "taskUrged": "Urged", "taskReturned": "Sent back", "taskWithdrawn": "Withdrawn"} },
  menu: { directory: 'Organisation' },
}
