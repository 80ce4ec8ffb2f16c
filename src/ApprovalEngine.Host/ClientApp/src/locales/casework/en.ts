/** Casework pages: task-operation field errors, 加签 cards, the access log, intake, clocks (en). */
export default {
  app: { pageForbidden: 'Your role may not open that page; here is your home page', paren: ' ({text})', listSep: ', ', sentenceSep: ', ' },
  ops: { staffLabel: '{name} ({where})' },
  errors: {
    fields: {
      toUser: {
        validation_field: 'This person cannot take the task: pick a staff member with a department, not yourself',
        'directory_staff-not-found': 'This person is not in the directory',
        'directory_staff-inactive': 'This person is no longer active',
        'task_operation-not-applicable': 'This person already holds the task',
      },
      users: {
        validation_field: 'Someone picked cannot sign: pick staff members with a department, not the task\'s holder',
        'directory_staff-not-found': 'Someone picked is not in the directory',
        'directory_staff-inactive': 'Someone picked is no longer active',
        'task_operation-not-applicable': 'Someone picked already signs this task',
      },
      toDepartment: { 'directory_department-not-found': 'No such department' },
    },
  },
  signerCard: {
    asked: '{mode}: {requester} asks you to co-sign',
    askedNoName: '{mode}: you are asked to co-sign',
    reason: 'Reason',
    dueWithOwner: '{date} (with the original review)',
    deadlineTag: 'Original task\'s deadline',
    waiting: 'Waiting for {names} to co-sign',
  },
  worklist: { needReason: 'Write the reasons in the opinion before you choose "{outcome}"', notStarted: 'Not accepted yet; the clock has not started', notStartedTag: 'Clock not started' },
  correction: {},
  audit: {
    trail: 'Audit trail', access: 'Access log', file: 'Application', verifyFile: 'Verify the chain of {file}', verifyThis: 'Verify this application\'s chain', verifyRow: 'Verify',
    verifyHint: 'Search by file number first, or pick an application in the table', verifiedFile: '{file}: ',
    accessActor: 'Read by', accessWhat: 'What was read', accessAt: 'Read at', from: 'From', to: 'To', roles: 'Roles',
    what: {
      details: 'Application details', tasks: 'Review tasks', task: 'Review task', materials: 'Materials list', material: 'Material file', journal: 'Process history', deadlines: 'Deadlines',
      documents: 'Documents', 'sealed-documents': 'Sealed documents', delivery: 'Certificate delivery', 'acceptance-mode': 'Acceptance mode', 'correction-notices': 'Correction notices',
      evaluation: 'Evaluation', signers: 'Added signers', 'licence-holder-id': 'Licence holder ID number', elsa: 'Workflow engine state', other: 'Other',
    },
    noAccess: 'No reads recorded',
  },
  intake: { pickProcess: 'Choose a matter' },
  application: { pauseReason: ' ({reason})', extendMax: 'The maximum extension is used ({max} working days)', extendConfirm: 'Extend the statutory time limit by {n} working days? This cannot be undone. Reason: {reason}', extendLeft: '{n} more working day possible | {n} more working days possible' },
  applications: { outcome: 'Outcome', outcomes: { approved: 'Granted', denied: 'Refused', notAccepted: 'Not accepted', withdrawn: 'Withdrawn', terminated: 'Terminated', revoked: 'Revoked', ended: 'Closed' } },
  labels: {
    // What a button does (a verb), where the outcome's name reads as a result: English "Approved" on a button asked nothing.
    outcomeAction: {
      accepted: 'Accept', notAccepted: 'Refuse to accept', correctionRequested: 'Request correction', approved: 'Approve', granted: 'Grant', rejected: 'Reject',
      needsCorrection: 'Request correction', denied: 'Refuse', acknowledged: 'Acknowledge', rectified: 'Mark rectified', calledBack: 'Mark called back', replied: 'Reply',
      verified: 'Confirm as true', commitmentFalse: 'Mark commitment false',
    },
  },
}
