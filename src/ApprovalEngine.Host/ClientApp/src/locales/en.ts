import type { Messages } from './zh-CN'

// English (selectable, remembered). Same keys as zh-CN; the type makes a missing key a build error.
const en: Messages = {
  app: { title: 'Approval Office', short: 'Approvals', skip: 'Skip to main content', loading: 'Loading…', empty: 'No data', refresh: 'Refresh', cancel: 'Cancel', confirm: 'OK', save: 'Save', delete: 'Delete', search: 'Search', reset: 'Reset', export: 'Export CSV', tableView: 'Table', chartView: 'Chart', back: 'Back', close: 'Close', yes: 'Yes', no: 'No', more: 'More', open: 'Open', download: 'Download', workingDays: '{n} working days', none: 'None' },
  menu: { worklist: 'Worklist', intake: 'Intake', applications: 'Applications', dashboard: 'Dashboard', audit: 'Audit', admin: 'Administration', designer: 'Process designer', verify: 'Verify certificate', menu: 'Menu', waiting: '{n} waiting' },
  shell: { language: 'Language', signOut: 'Sign out', signIn: 'Sign in', notifications: 'Notifications', noNotifications: 'No notifications', markRead: 'Mark all read', unread: '{n} unread', tokenUntil: 'Signed in until {time}', roles: 'Roles', department: 'Department', live: 'Live updates connected', offline: 'Live updates not connected' },
  signin: {
    title: 'Sign in', intro: 'Development: pick a demo user (an 8-hour token). In production you sign in through the identity provider (OIDC redirect).',
    pick: 'Pick a demo user', other: 'Another user', user: 'User', roles: 'Roles', department: 'Department', departmentHint: 'required for reviewers, e.g. fire', submit: 'Sign in',
    tokenTitle: 'Use a token from your identity provider', token: 'Bearer token', useToken: 'Use this token', devOff: 'Development sign-in is off on this server. Use single sign-on or paste a token.',
    badToken: 'That is not a JSON Web Token.', expired: 'That token has expired.', oidc: 'Single sign-on', needUser: 'Enter a user name and pick at least one role.',
  },
  roles: { admin: 'Administrator', designer: 'Process designer', reviewer: 'Reviewer', auditor: 'Auditor', clerk: 'Window clerk' },
  worklist: {
    title: 'Worklist', mine: 'My tasks', department: 'Department queue', done: 'Done', awaiting: 'Waiting for applicant',
    search: 'Search file number, applicant, process', process: 'Process', allProcesses: 'All processes', sort: 'Sort', sortDue: 'Due date', sortCreated: 'Created', sortDepartment: 'Department', sortCompleted: 'Time handled', desc: 'Descending',
    savedFilters: 'Saved filters', saveFilter: 'Save this filter', filterName: 'Filter name', removeFilter: 'Remove', noSaved: 'No saved filters',
    selected: '{n} selected', bulkClaim: 'Claim selected', bulkApprove: 'Approve selected', bulkOpinion: 'One opinion for all', bulkDone: '{ok} done, {failed} failed',
    claim: 'Claim', release: 'Release', claimedByMe: 'Claimed by me', claimedBy: 'Claimed by {name}', opinion: 'Opinion', opinionPlaceholder: 'Your opinion (required with reasons to refuse, reject or ask for correction)',
    materials: 'Materials', requiredMaterials: 'Required materials', noMaterials: 'No materials uploaded yet', missing: 'Missing or to be corrected', applicant: 'Applicant', project: 'Project', fileNumber: 'File number', step: 'Step', dept: 'Department', created: 'Created', due: 'Due', completed: 'Completed', round: 'Round {n}',
    left: '{n} working days left', overdueBy: 'Overdue by {n} working days', dueToday: 'Due today', noDeadline: 'No deadline',
    confirmTitle: 'Please confirm', missingOnAccept: '{file} lacks these required materials: {list}. Incomplete applications should get one complete correction notice. Accept it anyway?', confirmOutcome: 'Complete {file} as "{outcome}"? This ends or sends back the application and cannot be undone.', confirmBulk: 'Complete the {n} selected tasks as "{outcome}"? Each is audited on its own.',
    completedMsg: 'Completed: {file} ({outcome})', claimedMsg: 'Claimed: {file}', releasedMsg: 'Released to the department: {file}', changed: 'Something changed; the list is updated',
    empty: 'Nothing to do right now', openApplication: 'Open application', instructions: 'Instructions', requestedBy: 'Requested by', requestedAt: 'Requested at', notice: 'Correction notice', pausedSince: 'Clock paused since', used: '{n} working days used',
    awaitingEmpty: 'No applications are waiting for the applicant', awaitingPending: 'This list needs the server\'s awaiting-applicant endpoint (contract item 6), which this server does not provide yet.',
    outcomeButton: '{outcome}', total: '{n} in all', live: 'Live',
  },
  application: {
    title: 'Application', basic: 'Overview', status: 'Status', process: 'Process', version: 'version {n}', started: 'Received', finished: 'Finished', archived: 'Archived', archivedAt: 'Archived on', createdBy: 'Received by',
    timeline: 'Timeline', opinions: 'Opinions of every department', materials: 'Materials', deadlines: 'Deadlines', clock: 'Statutory clock', pauses: 'Pauses', extensions: 'Extensions', journal: 'Journal',
    roundTitle: 'Round {n}', noOpinion: '(no opinion)', by: 'By', at: 'At', outcome: 'Outcome', limit: 'Limit', clockKind: 'Deadline', used: 'Used', left: 'Left', dueDate: 'Due', state: 'State', startDate: 'Starts',
    pausedFrom: 'Paused: {from} to {to}', reason: 'Reason', extended: 'Extended by {n} working days (at most {max})', holidayWarning: 'This deadline runs into {year}, for which there is no official holiday data yet: only weekends are skipped, so the due date may be wrong.',
    pause: 'Pause clock', resume: 'Resume clock', extend: 'Extend', certificate: 'Certificate', sealed: 'Sealed documents', valid: 'Verified', invalid: 'Verification failed', notFound: 'Application not found', current: 'Current step',
  },
  applications: { title: 'Applications', status: 'Status', all: 'All', correlation: 'File number', name: 'Process', created: 'Received', updated: 'Updated', totalCapped: 'More than {n}: narrow the search' },
  intake: {
    title: 'Intake', start: 'New application', process: 'Process', fileNumber: 'File number', applicant: 'Applicant', project: 'Project', submit: 'Submit', started: 'Received: {file}',
    upload: 'Upload materials', materialName: 'Material', file: 'File', uploadBtn: 'Upload', uploaded: 'Uploaded: {name}', resubmit: 'Resubmit after correction', resubmitted: 'Resubmitted: {file}',
    pending: 'Applications at the window', pick: 'Pick an application', noPending: 'None', correction: 'Correction', accept: 'Accept',
  },
  audit: {
    title: 'Audit', search: 'Search the audit trail', fileNumber: 'File number', applicant: 'Applicant', instanceId: 'Internal id', actor: 'Actor', action: 'Action', from: 'From', to: 'To',
    verify: 'Chain verification', verifyInstance: 'Verify this application\'s chain', verifySystem: 'Verify the system chain', chainOk: 'Chain intact: {n} records, hashes continuous.', chainBroken: 'Chain broken from record {n} on.',
    seq: 'No.', time: 'Time', target: 'Target', department: 'Department', chain: 'Chain', system: 'System', seals: 'Seals', noResults: 'No matching records', filterHint: 'Search by file number, applicant or internal id',
  },
  admin: {
    title: 'Administration', seals: 'Seals', versions: 'Process versions', directory: 'Department directory', newSeal: 'New seal', sealName: 'Seal name', sealDept: 'Department', profile: 'Algorithm', scope: 'May sign for',
    rotate: 'Rotate key', revoke: 'Revoke', revoked: 'Revoked', active: 'Active', reason: 'Reason', confirmRevoke: 'Revoke the seal "{name}"? Documents signed after this are invalid. This cannot be undone.', confirmRotate: 'Rotate the key of "{name}"? Documents already signed stay valid.',
    publish: 'Publish', retract: 'Retract', rollback: 'Roll back to this version', confirmPublish: 'Publish "{name}" version {v}? New applications use it; running ones keep theirs.', confirmRetract: 'Retract the published version of "{name}"? No new applications can start; running ones are not affected.',
    latest: 'Latest', published: 'Published', draft: 'Draft', version: 'Version', updated: 'Updated', code: 'Code', name: 'Name', nameEn: 'English name', head: 'Head', keyVersion: 'Key version', created: 'Created: {name}', done: 'Done',
  },
  dashboard: {
    title: 'Dashboard', workload: 'Open work by department', byStep: 'Open work by step', atRisk: 'At risk', overdue: 'Overdue', onTimeRate: 'On-time rate', aheadRate: 'Completed ahead', avgDays: 'Average working days per step', trend: 'Trend by month',
    open: 'Open', claimed: 'In progress', warning: 'Warning', completed: 'Completed', onTime: 'On time', ahead: 'Ahead', month: 'Month', average: 'Average working days', count: 'Count', department: 'Department', step: 'Step', process: 'Process', from: 'From', to: 'To', pending: 'The server does not provide this data yet.',
    seed: '{ahead} of {total} completed ahead',
  },
  verify: {
    title: 'Verify a certificate', intro: 'Enter a certificate number to check that this authority issued it and that it is unchanged. No sign-in needed.', number: 'Certificate number', check: 'Verify', valid: 'Valid: the certificate is genuine', invalid: 'Not valid',
    holder: 'Holder', issuer: 'Issued by', issued: 'Issued at', kind: 'Type', seal: 'Seal', notFound: 'No certificate with that number',
  },
  labels: {
    unknown: 'Other ({code})',
    outcome: { accepted: 'Accepted', notAccepted: 'Not accepted', correctionRequested: 'Correction requested', approved: 'Approved', rejected: 'Rejected', needsCorrection: 'Needs correction', denied: 'Denied', acknowledged: 'Acknowledged', rectified: 'Rectified', calledBack: 'Called back', replied: 'Replied' },
    taskStatus: { open: 'Open', claimed: 'In progress', completed: 'Completed' },
    instanceStatus: { running: 'In progress', suspended: 'In progress', finished: 'Finished', cancelled: 'Cancelled', faulted: 'Faulted' },
    deadlineState: { onTrack: 'On track', warning: 'Warning', overdue: 'Overdue', paused: 'Paused', completed: 'Completed', none: 'No deadline' },
    taskKind: { acceptance: 'Acceptance', review: 'Review', decision: 'Decision', acknowledgement: 'Acknowledgement' },
    deadlineKind: { statutory: 'Statutory limit', task: 'Step limit', step: 'Step limit', acknowledgement: 'Acknowledgement', supervision: 'Supervision' },
    role: { admin: 'Administrator', designer: 'Process designer', reviewer: 'Reviewer', auditor: 'Auditor', clerk: 'Window clerk' },
    auditAction: {
      instance_started: 'Application received', instance_cancelled: 'Application cancelled', instance_resumed: 'Resumed', instance_resubmitted: 'Resubmitted', task_claimed: 'Task claimed', task_released: 'Task released', task_completed: 'Task completed',
      material_uploaded: 'Material uploaded', clock_paused: 'Clock paused', clock_resumed: 'Clock resumed', clock_extended: 'Deadline extended', deadline_warning: 'Deadline warning', deadline_overdue: 'Deadline overdue', timer_fired: 'Timer fired',
      seal_created: 'Seal created', seal_rotated: 'Seal key rotated', seal_revoked: 'Seal revoked', definition_published: 'Process published', definition_retracted: 'Process retracted', definition_draftSaved: 'Draft saved', definition_draftDeleted: 'Draft deleted', definition_versionCreated: 'Version created',
      supervision_push: 'Pushed to supervision', supervision_acknowledged: 'Supervision acknowledged', supervision_feedback: 'Supervision feedback', document_sealed: 'Document sealed', certificate_issued: 'Certificate issued',
    },
    activityType: {
      elsa_Start: 'Start', elsa_End: 'End', elsa_FlowDecision: 'Decision', elsa_FlowFork: 'Fork', elsa_FlowJoin: 'Join', elsa_Delay: 'Delay', elsa_Timer: 'Timer', elsa_SetVariable: 'Set variable', elsa_Event: 'Event',
      approvalEngine_Acceptance: 'Window acceptance', approvalEngine_Review: 'Department review', approvalEngine_Decision: 'Decision', approvalEngine_Seal: 'Seal', approvalEngine_IssueCertificate: 'Issue certificate', approvalEngine_PushToSupervision: 'Push to supervision',
      approvals_Acceptance: 'Window acceptance', approvals_Review: 'Department review', approvals_Decision: 'Decision', approvals_Seal: 'Seal', approvals_IssueCertificate: 'Issue certificate', approvals_PushToSupervision: 'Push to supervision',
    },
    journalEvent: { started: 'Started', resumed: 'Resumed', completed: 'Completed', suspended: 'Waiting', faulted: 'Faulted', cancelled: 'Cancelled', taskClaimed: 'Claimed', taskReleased: 'Released', clockPaused: 'Clock paused', clockResumed: 'Clock resumed', clockExtended: 'Deadline extended', materialSupplied: 'Material supplied', deadlineWarning: 'Deadline warning', deadlineOverdue: 'Overdue', supervisionAcknowledged: 'Supervision acknowledged', supervisionFeedback: 'Supervision feedback' },
    verifyCode: { contentChanged: 'Content changed', unknownSeal: 'Unknown seal', sealRevoked: 'Seal revoked', outsideValidity: 'Outside validity', badSignature: 'Bad signature', notFound: 'Not found' },
  },
  errors: {
    generic: 'The request failed ({status})', unexpected: 'Something unexpected went wrong; try again later', network: 'The server cannot be reached',
    status_400: 'What was sent is not valid', status_401: 'Your sign-in has expired', status_403: 'You may not do this', status_404: 'Not found', status_409: 'Conflict: already done or claimed by someone else', status_413: 'The file is too large', status_415: 'This file type is not allowed', status_503: 'The service is unavailable; try again later',
    'task_claimed-by-other': 'Someone else has claimed this task', task_completed: 'This task is already completed', 'task_forbidden-department': 'This task belongs to another department', task_notFound: 'Task not found', 'task_not-found': 'Task not found',
    validation_field: 'A field is not valid', outcome_unknown: 'That outcome does not apply to this step', reasons_required: 'Refusals and correction requests need written reasons', 'material_too-large': 'The file is too large', 'material_type-not-allowed': 'This file type is not allowed',
    'instance_not-found': 'Application not found', 'instance_duplicate-correlation': 'That file number already exists', 'definition_not-published': 'That process is not published', 'seal_not-found': 'Seal not found', 'seal_already-revoked': 'The seal is already revoked',
    'clock_extension-exceeded': 'The extension exceeds the legal maximum', 'auth_department-required': 'A reviewer must belong to a department',
  },
}
export default en
