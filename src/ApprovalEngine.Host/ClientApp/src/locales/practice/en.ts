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
    signers: {
      title: 'Add signers', mode: 'How', users: 'Signers', current: 'Added signers', add: 'Add', remove: 'Remove', pick: 'Choose the signers',
      added: 'Signers added', removed: 'Signer removed',
      modes: { before: 'Before me', after: 'After me', parallel: 'In parallel' },
      hints: {
        before: 'They sign first; their opinions inform yours before you decide',
        after: 'They sign after your approval; any rejection of theirs turns it into a rejection',
        parallel: 'They sign alongside you; your approval waits for all of them, and any rejection turns it into a rejection',
      },
    },
  },
  errors: {
    'task_position-required': 'This level needs the matching position (handler, checker or approver)',
    'task_signers-pending': 'Added signers have not signed yet',
    'task_signer-waiting': 'Signers added after the owner sign once the owner has signed',
  },
  labels: { journalEvent: { signOffProgress: 'Sign-off progress', taskSignersAdded: 'Signers added', taskSignerRemoved: 'Signer removed', addedSignerAnswered: 'Added signer signed', taskDecisionHeld: 'Owner signed, awaiting signers' } },
}
