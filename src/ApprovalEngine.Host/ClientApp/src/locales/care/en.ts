// Service care (office side) in English; merged in locales/index.ts.
const careEn = {
  menu: { care: 'Ratings & complaints' },
  care: {
    tabs: { complaints: 'Complaint replies', rectifications: 'Bad-review rectification', reports: 'Reports', sms: 'SMS (development)', tablet: 'Window tablet' },
    kinds: { complaint: 'Complaint', suggestion: 'Suggestion' },
    channels: { online: 'Online', window: 'At the window' },
    levels: { 5: 'Very satisfied', 4: 'Satisfied', 3: 'Fair', 2: 'Dissatisfied', 1: 'Very dissatisfied' },
    complaints: {
      none: 'No complaints or suggestions', number: 'Number', kind: 'Kind', content: 'Content', complainant: 'Complainant', department: 'Department', due: 'Reply due',
      reply: 'Reply', inTime: 'On time', late: 'Late', answer: 'Reply', replyHint: 'The complainant gets the reply by SMS', send: 'Send reply', sent: 'Replied',
      rated: 'Rated by the complainant: {level}',
      statusOpen: 'To answer', statusReplied: 'Answered', statusAll: 'All', search: 'Number or content, Enter to search',
      transfer: 'Transfer', transferTitle: 'Transfer the complaint', toDepartment: 'To department', transferReason: 'Reason', transferHint: 'e.g. a fire safety matter, for the fire department to answer',
      transferNote: 'The receiving department answers it and is counted for it; the reply due date stays.', transferSend: 'Transfer', transferred: 'Transferred to {department}',
    },
    rectifications: {
      statusAll: 'All', statusOpen: 'In progress', statusClosed: 'Closed',
      none: 'No bad reviews', fileNumber: 'File number', level: 'Rating', comment: 'Comment', evaluator: 'Evaluator', anonymous: 'Anonymous', due: 'Due',
      result: 'Rectification', stages: { rectify: 'To rectify', callback: 'To call back', closed: 'Closed' }, recordRectification: 'Record rectification',
      recordCallback: 'Record callback', rectifyHint: 'What was changed', callbackHint: 'How the call went (every real-name bad review is called back)',
      saved: 'Saved', nothingOpen: 'No open step on this case',
    },
    reports: {
      from: 'From', to: 'To', by: { department: 'Department', matter: 'Matter', staff: 'Staff', month: 'Month' }, satisfaction: 'Service ratings',
      total: 'Total', rate: 'Satisfaction', rectified: 'Rectified', complaints: 'Complaints answered in time', replied: 'Replied', withinLimit: 'In time',
      openOverdue: 'Open, overdue', withinLimitRate: 'In-time rate', none: 'No data in this period',
    },
    tablet: {
      title: 'Please rate the service you received at the window', fileNumber: 'File number', fileNumberHint: 'Type or scan the file number on your receipt',
      level: 'How satisfied are you with this service?', comment: 'Comment (optional)', commentBad: 'Please tell us what went wrong (required)',
      realNameHint: 'Leave your name and mobile number to rate by real name; we call back about every bad rating (optional)',
      name: 'Name', phone: 'Mobile number', submit: 'Submit rating', thanks: 'Thank you for your rating!', thanksHint: 'Your opinion helps us improve.', next: 'Next applicant',
      required: { instanceId: 'Enter the file number', level: 'Choose how satisfied you are' },
      invalid: { instanceId: 'No application has this file number; please check it', level: 'Choose how satisfied you are', evaluatorPhone: 'The mobile number is not valid', evaluatorName: 'The name is not valid or too long', comment: 'The comment is too long' },
    },
    sms: { intro: 'What the development SMS gateway received (each message once; deliveries include retries). E-mail is written to Notifications:Email:PickupDirectory.', none: 'No messages', time: 'Received', phone: 'Phone', text: 'Text', deliveries: 'Deliveries' },
  },
}

export default careEn
