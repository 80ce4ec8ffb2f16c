/** Chinese approval practice: review modes, chains by position, added signers (English). */
export default {
  practice: {
    mode: { all: 'Countersign', any: 'Any one', sequential: 'Sequential', vote: 'Vote', single: 'Single' },
    modeHint: {
      all: 'Countersign: every signer must approve; one rejection ends the department review',
      any: 'Any one: the first signer to answer decides for the department',
      sequential: 'Sequential: the signers sign one after another; one rejection ends it',
      vote: 'Vote: passes once approvals reach the pass ratio; fails once it can no longer be reached',
    },
    position: { handler: 'Handler', checker: 'Checker', approver: 'Approver' },
    level: '{position} (level {level}/{levels})',
    levelHint: 'Chain by position: handler → checker → approver; the department opinion counts after the last level; any rejection ends it',
    signersTag: '{mode} · {count} signers',
    sequentialTag: '{mode} · signer {index}/{count}',
    voteTag: '{mode} · {count} signers · pass {ratio}%',
  },
  errors: { 'task_position-required': 'This level needs the matching position (handler, checker or approver)' },
  labels: { journalEvent: { signOffProgress: 'Sign-off progress' } },
}
