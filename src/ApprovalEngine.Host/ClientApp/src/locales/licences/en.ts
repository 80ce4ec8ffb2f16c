// Licence library (search, revoke, replace), licence verification verdicts and certificate delivery (merged by locales/index.ts).
const licencesEn = {
  menu: { licences: 'E-licence library' },
  licences: {
    pickerLoading: 'Loading the service guide and the applicant\'s licences…', reveal: 'Show full number', hide: 'Hide', revealForbidden: 'You may not see this holder\'s full identity number (need-to-know only)', reuse: 'Use an e-licence instead of an upload', pick: 'Pick a valid licence', noneValid: 'The applicant has no valid licence of this type', use: 'Use', until: 'valid until {date}', shared: '{name} satisfied by licence {number} (seal and validity verified)', sharedTag: 'E-licence (shared)',
    holder: 'Holder', number: 'Licence number', type: 'Licence type', allTypes: 'All types', status: 'Status', matter: 'Licensed matter', validity: 'Validity', issuer: 'Issuing authority', issuedAt: 'Issued on',
    none: 'No licences match', actions: 'Actions', revoke: 'Revoke', replace: 'Replace', application: 'Application', verify: 'Verify',
    revokeTitle: 'Revoke licence {number}', replaceTitle: 'Replace licence {number}', reasonCode: 'Reason category', reason: 'Reason', reasonHint: 'State the facts and legal basis (audited; verifiers see the reason category)',
    newHolder: 'New holder (blank: unchanged)', newScope: 'New scope (blank: unchanged)', newValidUntil: 'Valid until (blank: unchanged)',
    revoked: 'Licence {number} revoked', replaced: 'Replaced: new licence {number}', replacedBy: 'Replaced by {number}', replaces: 'Replaces {number}', revokedOn: 'Revoked {date}: {reason}',
    confirmRevoke: 'Every verification will report this licence as revoked, and this cannot be undone. Revoke it?',
    statuses: { valid: 'Valid', revoked: 'Revoked', replaced: 'Replaced', expired: 'Expired', invalid: 'Seal does not verify' },
    reasons: {
      'false-commitment': 'False commitment (告知承诺)', 'obtained-by-fraud': 'Obtained by fraud or bribery', 'issued-in-error': 'Issued unlawfully or in error', 'conditions-not-met': 'Conditions no longer met',
      'administrative-penalty': 'Withdrawn as a penalty', 'holder-request': 'Cancelled at the holder\'s request', 'information-changed': 'Licensed facts changed', 'lost-or-damaged': 'Lost or damaged', other: 'Other',
    },
  },
  intake: { fileNumberAuto: 'Blank: numbered automatically (area code + date + serial), or type an existing number' },
  delivery: {
    title: 'Certificate delivery', none: 'No certificate yet', pending: 'Not delivered', posted: 'Posted', delivered: 'Delivered', due: 'Due by {date} (10 working days from the decision, Administrative License Law Art. 44)',
    record: 'Record delivery', method: 'Method', methods: { window: 'Collected at the window', express: 'Express' }, recipient: 'Recipient', phone: 'Phone', address: 'Address',
    courier: 'Courier', courierHint: 'e.g. China Post EMS', trackingNumber: 'Tracking number', postedOn: 'Posted on', deliveredOn: 'Delivered (collected) on', saved: 'Delivery recorded',
  },
  labels: {
    deadlineKind: { delivery: 'Certificate delivery' },
    auditAction: { licence_revoked: 'Licence revoked', licence_replaced: 'Licence replaced', certificate_posted: 'Certificate posted', certificate_delivered: 'Certificate delivered' },
    journalEvent: { licenceRevoked: 'Licence revoked', licenceReplaced: 'Licence replaced', certificatePosted: 'Certificate posted', certificateDelivered: 'Certificate delivered' },
    verifyCode: {
      licenceRevoked: 'The licence was revoked', licenceReplaced: 'The licence was replaced; this one is no longer in force', attachmentMismatch: 'The attachment is not this document', notSealed: 'Not sealed',
      sealNotYetValid: 'Seal not yet valid when used', sealExpired: 'Seal expired when used', profileMismatch: 'Signature algorithm does not match the seal',
    },
  },
  verify: { status: 'Status', reasonCode: 'Reason category', replacedBy: 'Licence in force', revokedAt: 'Ended on', pdf: 'Verify a PDF', pdfHint: 'Upload a certificate or document PDF issued here to verify its embedded sealed data' },
  applicant: { form: { projectCode: 'An investment project code is written YYYY-AAAAAA-DD-TT-NNNNNC (24 characters with the check character)' } },
  errors: { 'licence_wrong-type': 'This licence is not of the type the material needs', 'code_implementation-invalid': 'The item implementation code does not conform to GB/T 39554.1', 'code_project-invalid': 'The investment project code does not conform to GB/T 40058 (format or check character)', licence_ended: 'The licence was already revoked or replaced', delivery_invalid: 'The certificate was delivered; the delivery is closed', 'licence_not-found': 'Licence not found', 'certificate_not-found': 'Licence not found' },
}
export default licencesEn
