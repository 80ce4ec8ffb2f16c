/** Supervision pushes (the supervising department's side of the double push, en). */
export default {
  menu: { supervision: 'Supervision' },
  supervision: {
    title: 'Supervision pushes',
    intro: 'Results the approving departments pushed to your department when an application was decided (double push). Acknowledge each within its limit (the clock stops then) and report what supervision found; both are recorded on the application and audited.',
    statusPending: 'To acknowledge', statusAcknowledged: 'Acknowledged', statusAll: 'All', search: 'File number, Enter to search', none: 'No pushes',
    fileNumber: 'File number', fileAndPushed: 'File number / pushed', matter: 'Matter', applicant: 'Applicant', decision: 'Decision', department: 'Supervising department', pushedAt: 'Pushed',
    ackLimit: 'Acknowledgement limit', dueOn: 'Acknowledge by {date}', acknowledgement: 'Acknowledgement', acknowledge: 'Acknowledge', acknowledgedBy: 'Acknowledged by {by} at {at}',
    acknowledged: 'Acknowledged: {file}', feedback: 'Findings', feedbackCount: '{n}', addFeedback: 'Report', feedbackTitle: 'Supervision findings', noFeedback: 'No findings yet',
    feedbackDialog: 'Report supervision findings', findingsHint: 'e.g. Site inspection on 10 Dec 2026: construction started as permitted.', sendFeedback: 'Submit', feedbackSaved: 'Findings recorded',
    implementationCode: 'Implementation code', projectCode: 'Project code', decidedAt: 'Decided', certificate: 'Certificate number',
  },
}
