// The applicant channel's strings and the applicant-related API error codes in English; merged in locales/index.ts.
const applicantEn = {
  applicant: {
    nav: { portal: 'Online government services', guides: 'Service guides', guide: 'Service guide', apply: 'Apply online', mine: 'My applications', detail: 'Application', progress: 'Track progress', signin: 'Applicant sign-in' },
    kind: { person: 'Person', organisation: 'Organisation' },
    status: {
      awaitingAcceptance: 'Awaiting acceptance', awaitingCorrection: 'Correction needed', inProgress: 'In progress', approved: 'Approved', denied: 'Denied',
      notAccepted: 'Not accepted', withdrawn: 'Withdrawn', ended: 'Ended',
    },
    guides: { heading: 'Matters', promised: 'Promised {days} working days', online: 'Online', none: 'No matters available' },
    guide: {
      department: 'Authority', statutory: 'Statutory limit', promised: 'Promised limit', days: '{days} working days', fees: 'Fees', code: 'Implementation code',
      conditions: 'Conditions', materials: 'Materials', required: 'Required', optional: 'Optional', shared: 'E-licence accepted', legalBasis: 'Legal basis',
      where: 'Where to go', address: 'Address', hours: 'Hours', phone: 'Hotline', apply: 'Apply online',
    },
    apply: { applicant: 'Applicant', placeholder: 'Enter', submit: 'Submit application', materialsNext: 'After submitting, upload the materials (or use an e-licence) on the application page.' },
    form: { required: 'Required', tooLong: 'Too long', number: 'Enter a valid number', date: 'Use YYYY-MM-DD', phone: 'Enter an 11-digit mobile number' },
    mine: { none: 'No applications yet' },
    detail: {
      correction: 'Correction notice (everything at once)', upload: 'Upload', resubmit: 'Corrections complete: resubmit', resubmitted: 'Resubmitted', uploaded: 'Material supplied',
      materials: 'Materials', supplied: 'Supplied', useLicence: 'Use {name}', documents: 'Documents and licences', reason: 'Reason',
      withdraw: 'Withdraw application', withdrawConfirm: 'Withdrawing ends this application. Withdraw?', withdrawn: 'Withdrawn',
    },
    progress: {
      heading: 'Track progress with the file number and query code', fileNumber: 'File number', fileNumberHint: 'On the acceptance notice', queryCode: 'Query code',
      queryCodeHint: '8 digits, on the acceptance notice', lookup: 'Look up', both: 'Enter the file number and the query code', clock: 'Statutory limit',
      days: '{used} working days used, {left} left (of {limit})', due: 'Expected completion', decision: 'Decision', certificate: 'E-licence', steps: 'Steps', current: 'In progress',
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
