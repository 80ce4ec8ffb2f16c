// Intake, applications list, administration and document downloads (merged into the main messages by locales/index.ts).
const pagesEn = {
  applications: {
    search: 'Keyword', searchHint: 'File number, applicant or process', process: 'Process', applicant: 'Applicant', finished: 'Closed on', none: 'No applications match.', noNumber: '(no file number)',
  },
  intake: {
    applicantId: 'ID number', applicantIdHint: 'Unified social credit code or resident ID (optional; for credit checks and licence reuse)', applicantIdInvalid: 'The check character is wrong: verify the credit code or ID number', required: 'Enter the {field}', fileNumberHint: 'e.g. JS-2026-0001', applicantHint: 'e.g. Suzhou Industrial Park Co.', projectHint: 'e.g. Plant No. 3', recent: 'Applications at this window', details: 'Open the application',
    materialHint: 'Pick or type a material', notices: 'Correction notices', noNotices: 'No correction notices', resolved: 'Complete', awaiting: 'Awaiting materials',
    confirmResubmit: 'Every material listed for {file} is in: resubmit it?', noProcess: 'No process is published yet: an administrator publishes one under Administration.',
  },
  documents: { title: 'Documents', none: 'No documents to download yet', issued: 'Issued', notIssued: 'Issued and sealed on first download', download: 'Download PDF' },
  admin: {
    noSeals: 'No seals yet: register the bureau seal before decisions can be sealed.', sealNameHint: 'e.g. Administrative Approval Bureau seal', register: 'Register seal', history: 'Versions', historyOf: 'Versions of "{name}"', openDesigner: 'Open in designer',
    profiles: { sm2: 'SM2/SM3 (GB/T 38540)', 'ecdsa-p256': 'ECDSA P-256' },
    state: { Draft: 'Draft', Published: 'Published', Superseded: 'Superseded', Retracted: 'Retracted' },
  },
}
export default pagesEn
