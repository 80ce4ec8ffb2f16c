import type officeZhCN from './zh-CN'

// English for the office pages' additions and every API error code (merged into the main messages by locales/index.ts).
const officeEn: typeof officeZhCN = {
  labels: {
    journalEvent: { workflowStarted: 'Received', workflowFinished: 'Closed', workflowCancelled: 'Cancelled', waiting: 'Waiting', writeLine: 'Note' },
    auditAction: {
      task_claimed: 'Claimed', task_released: 'Released', clock_paused: 'Clock paused', clock_resumed: 'Clock resumed', clock_extended: 'Deadline extended', material_supplied: 'Material supplied',
      supervision_acknowledged: 'Supervision acknowledged', supervision_feedback: 'Supervision feedback', workflow_finished: 'Closed', document_downloaded: 'Document downloaded', document_issued: 'Document issued',
      audit_checkpoint: 'Audit checkpoint', definition_draftDeleted: 'Draft deleted',
      applications_archived: 'Applications archived', audit_checkpoint_created: 'Audit checkpoint', calendar_year_uploaded: 'Holiday schedule uploaded', calendar_year_applied: 'Holiday schedule applied',
      directory_seeded: 'Directory initialised', directory_departmentCreated: 'Department created', directory_departmentChanged: 'Department changed', directory_departmentDeleted: 'Department deleted',
      directory_staffCreated: 'Staff member added', directory_staffChanged: 'Staff member changed', directory_substituteCreated: 'Substitute set', directory_substituteDeleted: 'Substitute removed',
      task_transferred: 'Transferred', task_delegated: 'Delegated', task_delegation_answered: 'Delegation answered', task_copied: 'Copied', task_copy_read: 'Copy read', task_returned: 'Returned',
      task_withdrawn: 'Withdrawn', task_signers_added: 'Signers added', task_signer_removed: 'Signer removed', added_signer_answered: 'Added signer answered', task_decision_held: 'Decision held',
      service_evaluated: 'Service rated', complaint_reply_rated: 'Complaint reply rated', licence_shared: 'Shared licence used',
    },
  },
  errors: {
    'request_malformed': 'What was sent is not valid JSON', 'auth_unauthorized': 'Your sign-in has expired', 'auth_forbidden': 'You may not do this', 'department-required': 'A reviewer must belong to a department',
    'not-found': 'Not found', 'method-not-allowed': 'Not supported', conflict: 'Conflict; refresh and try again', 'conflict_concurrent': 'Someone changed this at the same time; refresh and try again',
    'request_too-large': 'What was sent is too large: compress or split it', 'request_unsupported-media-type': 'Unsupported content type', 'request_too-many': 'Too many requests; try again shortly', 'server_error': 'Server error; try again later', 'server_unavailable': 'The service is unavailable; try again later', 'server_busy': 'The service is busy; try again in a moment',
    'validation_paging': 'Invalid paging', 'validation_date': 'Invalid date', 'validation_date-range': 'Invalid date range: the end is before the start', 'validation_format': 'Invalid export format', 'validation_sort': 'Invalid sort order',
    'definition_not-found': 'Process not found', 'definition_version-not-found': 'Version not found', 'definition_invalid': 'The process definition is not valid', 'definition_would-empty': 'The draft holds activities the designer cannot show; saving the empty canvas would delete them, so nothing was saved', 'definition_not-draft': 'That version is not a draft',
    'definition_has-published-versions': 'The process has published versions', 'definition_publish-forbidden': 'You may not publish processes',
    'instance_ended': 'The application has ended', 'instance_busy': 'Someone else is working on this application; try again', 'bookmark_not-pending': 'That step has already been done', 'bookmark_wrong-kind': 'That step cannot be done this way',
    'instance_start-forbidden': 'You may not start this process', 'application_access-denied': 'You may not see this application', 'task_forbidden-intake': 'This acceptance belongs to another window', 'task_no-inbox': 'That step has no task',
    'task_cancelled': 'The task was cancelled', 'task_changed': 'The task changed; refresh', 'task_release-forbidden': 'Only the claimant can release a task', 'materials_required': 'A correction request must list the materials',
    'opinion_too-long': 'The opinion is too long', 'bulk_too-many': 'Too many tasks selected',
    'material_form-required': 'Give a material name and choose a file', 'material_empty': 'The file is empty', 'material_content-mismatch': 'The file content does not match its type (PDF, JPEG, PNG, OFD, XML only)', 'material_not-found': 'Material not found',
    'material_application-ended': 'The application has ended; no more uploads', 'material_file-name': 'The file name is not allowed',
    'correction_none-pending': 'There is no open correction notice', 'correction_still-missing': 'Materials listed in the notice are still missing',
    'clock_not-running': 'The statutory clock is not running', 'clock_already-paused': 'The clock is already paused', 'clock_not-paused': 'The clock is not paused', 'clock_completed': 'That deadline has ended', 'reason_required': 'Give a reason',
    'seal_not-configured': 'No seal is configured', 'seal_revoked': 'The seal is revoked', 'seal_department-has-active-seal': 'The department already has an active seal', 'seal_no-active-seal': 'The department has no active seal',
    'certificate_not-found': 'Certificate not found', 'certificate_no-number': 'The certificate has no number', 'document_not-found': 'Document not found', 'document_forbidden-application': 'You may not see this document',
    'pdf_missing': 'Choose a PDF file', 'pdf_invalid': 'Not a valid PDF', 'pdf_no-sealed-payload': 'The PDF carries no sealed payload', 'pdf_too-large': 'The PDF is too large',
    'licence_not-found': 'Licence not found', 'licence_other-holder': 'The licence belongs to someone else', 'licence_invalid': 'The licence is invalid or expired',
    'supervision_push-not-found': 'Push not found', 'supervision_already-acknowledged': 'Already acknowledged', 'supervision_forbidden-department': 'The push belongs to another department',
    'audit_checkpoint-sink-unavailable': 'The checkpoint file is unavailable', 'timer_already-fired': 'The timer has already fired', 'json_duplicate-key': 'A field was sent twice', 'json_invalid': 'The request is not valid JSON', 'json_too-deep': 'The request is nested too deeply', 'text_invalid-character': 'The text contains an invalid character',
    'applicant_subject-invalid': 'The identity number fails its check character',
    'evaluation_reason-required': 'Please say why you are dissatisfied, so the department can put it right', 'evaluation_exists': 'This application has already been rated', 'evaluation_not-ended': 'The application has not ended yet', 'evaluation_not-found': 'Evaluation not found',
    'complaint_not-found': 'Complaint not found', 'complaint_not-replied': 'The complaint has not been replied to yet', 'complaint_already-rated': 'The reply has already been rated',
    'idempotency_invalid-key': 'The Idempotency-Key header is not valid', 'idempotency_key-reused': 'This request key was already used for another application', 'text_too-long': 'A text is too long', 'value_invalid': 'A value is not valid', 'multipart_invalid': 'The upload cannot be read', 'validation_field': 'A field is not valid',
  },
}
export default officeEn
