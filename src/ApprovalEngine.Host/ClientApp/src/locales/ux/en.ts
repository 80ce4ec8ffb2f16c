// People's names, material names and the correction-notice dialog (merged into the main messages by locales/index.ts).
const uxEn = {
  names: { system: 'System', applicant: 'Applicant', applicantUser: 'Applicant ({user})', staff: 'Staff member' },
  labels: {
    auditAction: { task_urged: 'Task urged' },
    journalEvent: { childWorkflowStarted: 'Child process started', complaintReplyRated: 'Complaint reply rated', licenceShared: 'E-licence used', serviceEvaluated: 'Service rated', scheduled: 'Scheduled' },
  },
  application: {
    pauseForCorrection: 'applicant correcting materials',
    withdrawForApplicant: 'Withdraw for applicant', terminate: 'Terminate',
    withdrawTitle: 'Withdraw for the applicant: {file}', withdrawHint: "Why the applicant withdraws (optional, e.g. the applicant's written request)",
    terminateTitle: 'Terminate: {file}', terminateHint: 'Why the application is terminated (required; the applicant is told)', needTerminateReason: 'Give the reason for terminating',
    withdrawn: 'Withdrawn for the applicant', terminated: 'Application terminated',
  },
  ops: { earlierStep: 'Earlier step' },
  correction: {
    refuseTitle: 'Refuse to accept: {file}', reason: 'Reasons for not accepting', reasonHint: 'State why (printed on the refusal notice)', agency: 'Agency to apply to instead (only when the matter is another office\'s)',
    agencyHint: 'e.g. Municipal Housing and Construction Bureau', needReason: 'State the reasons for not accepting', refuse: 'Refuse to accept',
    title: 'Correction notice: {file}', materials: 'Materials to correct', materialsHint: 'Pick or type materials (several allowed)', opinion: 'What to correct (told once)',
    opinionHint: 'Say what each material needs', needMaterials: 'Pick at least one material to correct', needOpinion: 'Say what to correct', send: 'Send the notice',
  },
}
export default uxEn
