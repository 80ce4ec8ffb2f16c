/** Acceptance with deferred materials (容缺受理) and approval on commitment (告知承诺制), the bad-credit list (en). */
export default {
  menu: { credit: 'Bad-credit list' },
  credit: {
    title: 'Bad-credit list', intro: 'Applicants on this list cannot be accepted with deferred materials or on commitment; the window accepts them in the standard way. Admins add and remove entries; clerks and auditors read only. Every change is audited.',
    addTitle: 'Add to the list', subjectIdHint: '18-character unified social credit code or resident ID', validUntilOptional: 'Valid until (optional: until removed)', validUntilHint: 'Pick a date',
    required: { subjectId: 'Enter the credit code or ID number', subjectName: 'Enter the name', reason: 'Enter the reason' },
    fieldErrors: { subjectId: 'Not a valid credit code or ID number (length or check character)', validUntil: 'Not a valid date' },
    added: '{name} is on the bad-credit list', search: 'Code or name', searchHint: 'Credit code, ID number or name', searchButton: 'Search', includeRemoved: 'Include removed',
    none: 'No entries', untilRemoved: 'Until removed', createdBy: 'Added by · at', state: 'State', active: 'In force', removedAt: 'Removed ({by}, {at})', actions: 'Actions',
    remove: 'Remove', removeConfirm: 'Remove {name} ({id}) from the bad-credit list? The applicant may then be accepted with deferred materials or on commitment again; the change is audited.', removed: '{name} was removed from the list',
  },
  acceptance: {
    title: 'Acceptance mode', mode: 'Acceptance mode', modeShort: 'Mode', acceptInMode: 'Accept with deferred materials / on commitment',
    modes: { standard: 'Standard', deferred: 'Deferred materials', commitment: 'On commitment' },
    hints: {
      deferred: 'Minor materials missing: the applicant signs a commitment to supply them by the deadline; review starts now, the decision waits for them.',
      commitment: 'State Council 2020 No. 42: the written commitment replaces the listed proofs and the decision follows quickly; a verification follows the approval, and a false commitment revokes it and its licence.',
    },
    deferredMaterials: 'Materials supplied later', replacedProofs: 'Proofs the commitment replaces', commitment: 'Commitment', signedBy: 'signed by {name}',
    signer: 'Signed by (applicant or legal representative)', signerHint: 'e.g. Zhang San (legal representative)', text: 'Commitment text (optional)', textHint: 'Empty: the standard commitment form',
    signedCheck: 'The applicant signed the written commitment at the window', mustSign: 'Confirm first that the applicant signed the written commitment', acceptButton: 'Accept',
    accepted: 'Accepted ({mode})', supplyDue: 'Supply deadline', supplyStatus: 'Supply',
    supply: { pending: 'Awaiting materials', supplied: 'Supplied', lapsed: 'Deadline missed' },
    lapse: { terminate: 'terminated if missed', suspend: 'suspended if missed' },
    confirmSuppliedButton: 'Confirm deferred materials supplied', confirmSupplied: 'Confirm that these materials are uploaded: {materials}? The decision can then be made.', supplied: 'Deferred materials supplied',
    verification: 'Verification', verificationStatus: { 'awaiting-decision': 'Awaiting the decision', pending: 'Being verified', verified: 'Verified', false: 'False commitment, approval revoked' },
    credit: { title: 'Bad-credit list', subjectId: 'Credit code / ID number', subjectName: 'Name', reason: 'Reason', source: 'Source', validUntil: 'Valid until', add: 'Add', remove: 'Remove', sources: { admin: 'Entered by an admin', 'credit-platform': 'Credit platform', 'commitment-verification': 'False commitment' } },
  },
  errors: {
    'acceptance_mode-not-allowed': 'This process does not allow that acceptance mode',
    'acceptance_material-not-listed': 'That material is not one this process lists for the mode',
    'acceptance_commitment-required': 'Name who signed the commitment',
    'acceptance_credit-refused': 'The applicant has a bad credit mark: accept in the standard way',
    'acceptance_no-deferred-materials': 'This application was not accepted with deferred materials',
    'acceptance_already-supplied': 'The deferred materials were already supplied',
    'acceptance_materials-missing': 'Some deferred materials are not uploaded yet: upload them under their names first',
    'credit_mark-not-found': 'No such credit mark',
  },
  labels: {
    journalEvent: {
      acceptedWithDeferredMaterials: 'Accepted with deferred materials', acceptedOnCommitment: 'Accepted on commitment', decisionAwaitsDeferredMaterials: 'Decision awaits deferred materials',
      deferredMaterialsSupplied: 'Deferred materials supplied', deferredMaterialsLapsed: 'Deferred materials missed their deadline', commitmentVerified: 'Commitment verified',
      approvalRevokedForFalseCommitment: 'False commitment: approval revoked',
    },
    outcome: { acceptedOnCommitment: 'Accepted on commitment', verified: 'Verified', commitmentFalse: 'Commitment false', notRequired: 'Not required' },
    auditAction: { credit_markAdded: 'Credit mark added', credit_markRemoved: 'Credit mark removed', deferred_materials_supplied: 'Deferred materials supplied', deferred_materials_lapsed: 'Deferred materials lapsed' },
  },
}
