// The applicant channel's strings and the applicant-related API error codes in English; merged in locales/index.ts.
const applicantEn = {
  errors: {
    'guide_not-found': 'No service guide for this matter',
    'application_not-online': 'This matter cannot be applied for online; see the guide for where to go',
    'application_decided': 'The application has been decided or has ended; it can no longer be withdrawn',
    'progress_not-found': 'No application found: check the file number and the query code',
    'applicant_subject-invalid': 'The identity number fails its check: verify the resident ID or the unified social credit code',
  },
}

export default applicantEn
