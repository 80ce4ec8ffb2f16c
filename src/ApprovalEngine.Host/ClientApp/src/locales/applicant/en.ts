// The applicant channel's strings and the applicant-related API error codes in English; merged in locales/index.ts.
const applicantEn = {
  applicant: {
    nav: { portal: 'Online government services', guides: 'Service guides', guide: 'Service guide', apply: 'Apply online', mine: 'My applications', detail: 'Application', progress: 'Track progress', signin: 'Applicant sign-in', complaints: 'Complaints', complaintNew: 'New complaint or suggestion', complaint: 'Complaint' },
    kind: { person: 'Person', organisation: 'Organisation' },
    status: {
      awaitingAcceptance: 'Awaiting acceptance', awaitingCorrection: 'Awaiting correction', inProgress: 'In progress', approved: 'Granted', denied: 'Refused',
      notAccepted: 'Not accepted', withdrawn: 'Withdrawn', terminated: 'Terminated', revoked: 'Revoked', ended: 'Closed',
    },
    guides: { heading: 'Matters', promised: 'Promised {n} working day | Promised {n} working days', online: 'Online', none: 'No matters available' },
    guide: {
      department: 'Authority', statutory: 'Statutory limit', promised: 'Promised limit', days: '{n} working day | {n} working days', fees: 'Fees', code: 'Implementation code',
      conditions: 'Conditions', materials: 'Materials', required: 'Required', optional: 'Optional', shared: 'E-licence accepted', legalBasis: 'Legal basis',
      where: 'Where to go', address: 'Address', hours: 'Hours', phone: 'Hotline', apply: 'Apply online',
    },
    apply: { applicant: 'Applicant', placeholder: 'Enter', optional: 'Optional', submit: 'Submit application', materialsNext: 'After submitting, upload the materials (or use an e-licence) on the application page.' },
    form: {
      required: 'Required', tooLong: 'Too long: at most {max} characters', control: 'No line breaks, tabs or other control characters', number: 'Enter a valid number',
      numberBetween: 'Enter a number from {min} to {max}', numberMin: 'Enter a number of at least {min}', numberMax: 'Enter a number of at most {max}',
      date: 'Enter a valid date as YYYY-MM-DD', notPast: 'The date cannot be before today ({today})', phone: 'Enter an 11-digit mobile number',
      projectCodeCheck: 'The project code fails its check: verify the year, the area code and the check character', invalid: 'This value is not valid',
    },
    mine: { signOut: 'Sign out / switch applicant', signOutConfirm: 'You will need to sign in again. Always sign out on a shared phone or counter tablet. Sign out?', signedOut: 'Signed out', none: 'No applications yet', all: 'All', open: 'In progress', finished: 'Closed', count: '{name} · {n} in all', end: 'No more', loading: 'Loading…', retry: 'Could not load; tap to retry' },
    detail: {
      correction: 'Correction notice (everything at once)', upload: 'Upload', resubmit: 'Corrections complete: resubmit', resubmitted: 'Resubmitted', uploaded: 'Material supplied',
      materials: 'Materials', supplied: 'Supplied', useLicence: 'Use {name}', documents: 'Documents and licences', reason: 'Reason',
      withdraw: 'Withdraw application', withdrawConfirm: 'Withdrawing ends this application. Withdraw?', withdrawn: 'Withdrawn',
      notFound: 'Application not found', notFoundHint: 'It does not exist or belongs to another applicant', backToMine: 'Back to my applications', retry: 'Reload',
      refusalReason: 'Reason for not accepting', denialReason: 'Reason for refusal ({n})', applyTo: 'Apply instead to', decisionOpinion: 'Decision opinion', appealRights: 'Your rights of appeal', result: 'Outcome', reasonIn: 'The reasons are in the {title} ({number}); tap to download',
    },
    progress: {
      heading: 'Track progress with the file number and query code', fileNumber: 'File number', fileNumberHint: 'On the acceptance notice', queryCode: 'Query code',
      queryCodeHint: '8 digits, on the acceptance notice', lookup: 'Look up', both: 'Enter the file number and the query code', clock: 'Statutory limit',
      dueProvisional: 'The official holidays of {year} are not published yet; the date moves past them', days: 'Working days: {used} used, {left} left (of {limit})', daysTaken: 'Working days taken: {used} (limit {limit})', due: 'Expected completion', decision: 'Decision', certificate: 'Certificate', steps: 'Steps', current: 'In progress', since: 'since {date}', round: 'round {n}', awaitingYou: 'Applicant supplies corrections (continues once you resubmit)', withdrawnStep: 'Application withdrawn', terminatedStep: 'Terminated by the office', endReason: 'Reason: {reason}',
      results: { accepted: 'Accepted', notAccepted: 'Not accepted', correction: 'Needs correction', approved: 'Approved', granted: 'Granted', rejected: 'Rejected', denied: 'Refused', verified: 'Verified', commitmentFalse: 'Commitment false', done: 'Completed' },
    },
    evaluation: {
      title: 'Service rating', yours: 'Your rating', pick: 'Choose a rating', comment: 'Comment', commentHint: 'Optional: how was it?',
      badHint: 'Tell us what went wrong so the department can put it right', submit: 'Submit rating', thanks: 'Thank you for your rating',
      level: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Fair', 2: 'Dissatisfied', 1: 'Very dissatisfied' },
      rectificationDue: 'Rectification due', rectification: 'Rectification', rectifying: 'The department is putting it right; the result will show here',
    },
    complaint: {
      new: 'Complain or suggest', mine: 'My complaints and suggestions', mineCount: 'My complaints and suggestions · {n} in all', lookupHeading: 'Find a reply by complaint number and phone', number: 'Complaint number',
      numberHint: 'Shown after filing, starts with TS', phone: 'Phone', phoneHint: 'The reply is sent here by SMS', both: 'Enter the complaint number and the phone',
      phoneInvalid: 'Enter an 11-digit mobile or a landline with its area code', about: 'Application', aboutThis: 'Complain or suggest about this application',
      kind: 'Kind', kinds: { complaint: 'Complaint', suggestion: 'Suggestion' }, content: 'Content', contentHint: 'What happened and what you ask for',
      name: 'Name (optional)', email: 'E-mail (optional)', promise: 'The responsible department replies within the set number of working days (shown once filed); you get the reply by SMS.', submit: 'Submit',
      department: 'Department', filedAt: 'Filed', due: 'Reply due', reply: 'Reply', replied: 'Replied', awaiting: 'Awaiting reply',
      inTime: 'On time', late: 'Late', yourRating: 'Your rating of the reply', rate: 'Rate the reply',
      invalid: { content: 'Required, at most 4000 characters', phone: 'Enter an 11-digit mobile or a landline with its area code', name: 'The name is too long', email: 'Enter a valid e-mail address', instanceId: 'Application not found' },
    },
    signin: { demo: 'Demo applicants (development)', platform: 'Sign in through the provincial unified identity platform.' },
  },
  errors: {
    'guide_not-found': 'No service guide for this matter',
    'application_not-online': 'This matter cannot be applied for online; see the guide for where to go',
    'application_decided': 'The application has been decided or has ended; it can no longer be withdrawn',
    'progress_not-found': 'No application found: check the file number and the query code',
    'applicant_subject-invalid': 'The identity number fails its check: verify the resident ID or the unified social credit code',
  },
}

export default applicantEn
