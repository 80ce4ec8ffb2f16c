// /applications/{id}: one application's status, current steps, deadlines (with the statutory clock's controls for
// clerks and admins), journal timeline, materials, correction notices, sealed documents and certificate.
(function () {
    'use strict';
    const W = window.Web;
    const { el } = W;
    const id = W.id;
    const path = '/api/instances/' + encodeURIComponent(id);
    const EVENTS = {
        WorkflowStarted: 'Application started', WorkflowFinished: 'Application finished', WorkflowCancelled: 'Application cancelled',
        Started: 'Step started', Completed: 'Step completed', Suspended: 'Waiting', Waiting: 'Waiting', Resumed: 'Resumed',
        Faulted: 'Fault', Cancelled: 'Step cancelled', DeadlineWarning: 'Deadline warning', DeadlineOverdue: 'Deadline overdue',
        MaterialSupplied: 'Material supplied', SupervisionAcknowledged: 'Supervision acknowledged', SupervisionFeedback: 'Supervision feedback',
        ClockPaused: 'Clock paused', ClockResumed: 'Clock resumed', ClockExtended: 'Clock extended',
    };
    // The engine's bookkeeping: hidden unless asked for, so the timeline reads as what people did and what happened.
    const ENGINE_STEPS = ['Started', 'Completed', 'Waiting'];
    const GOOD = ['Approved', 'Accepted'];
    const BAD = ['Rejected', 'Denied', 'NotAccepted'];

    W.start({ section: 'applications', roles: ['admin', 'designer', 'reviewer', 'auditor', 'clerk'] }, () => {
        const message = document.getElementById('app-message');
        const clockMessage = document.getElementById('app-clock-message');
        const showAll = document.getElementById('app-journal-all');
        let journal = [];
        let names = {};

        document.getElementById('app-viewer').href = '/instances/' + encodeURIComponent(id);
        document.getElementById('app-refresh').addEventListener('click', () => load());
        showAll.addEventListener('change', () => renderJournal());

        const pause = document.getElementById('app-pause');
        pause.addEventListener('submit', async e => {
            e.preventDefault();
            if (await W.act(pause.querySelector('button'), clockMessage, () => W.api(path + '/clock/pause', { json: { reason: pause.reason.value.trim() } }), 'The clock is paused.')) {
                pause.reset();
                load(true);
            }
        });
        const resume = document.getElementById('app-resume');
        resume.addEventListener('click', async () => {
            if (await W.act(resume, clockMessage, () => W.api(path + '/clock/resume', { method: 'POST' }), 'The clock runs again.')) load(true);
        });
        const extend = document.getElementById('app-extend');
        extend.addEventListener('submit', async e => {
            e.preventDefault();
            const body = { workingDays: parseInt(extend.workingDays.value, 10), reason: extend.reason.value.trim() };
            if (await W.act(extend.querySelector('button'), clockMessage, () => W.api(path + '/clock/extend', { json: body }), `Extended by ${body.workingDays} working days.`)) {
                extend.reason.value = '';
                load(true);
            }
        });

        return load();

        async function load(keepClockMessage) {
            if (!keepClockMessage) W.say(clockMessage, '');
            let instance, materials, notices, sealed;
            try {
                [instance, journal, materials, notices, sealed] = await Promise.all([
                    W.api(path), W.api(path + '/journal'), W.api(path + '/materials'), W.api(path + '/correction-notices'), W.api(path + '/sealed-documents'),
                ]);
            } catch (e) {
                W.say(message, e.status === 404 ? `There is no application with id ${id}.` : e.message, 'error');
                return;
            }
            W.say(message, '');
            names = await activityNames(instance);
            renderHeader(instance);
            renderDeadlines(instance.deadlines);
            renderJournal();
            renderMaterials(materials, notices);
            renderSealed(sealed);
        }

        // Journal lines name activities by id; the process model has the names people gave them.
        async function activityNames(instance) {
            try {
                const model = await W.api(`/api/definitions/${encodeURIComponent(instance.definitionId)}?version=${instance.definitionVersion}`);
                const map = {};
                for (const a of (model.root && model.root.activities) || []) map[a.id] = (a.metadata && a.metadata.designer && a.metadata.designer.displayText) || a.name || a.id;
                return map;
            } catch { return {}; }
        }

        function renderHeader(i) {
            document.getElementById('app-title').textContent = `${i.correlationId || 'Application'} · ${i.name}`;
            document.title = `${i.correlationId || i.id} · ApprovalEngine`;
            document.getElementById('app-status').replaceChildren(W.badge(i.status));
            document.getElementById('app-facts').replaceChildren(
                el('dt', {}, 'Applicant'), el('dd', {}, i.input.applicant || '—'),
                el('dt', {}, 'Project'), el('dd', {}, i.input.project || '—'),
                el('dt', {}, 'Process'), el('dd', {}, `${i.definitionId} v${i.definitionVersion}`),
                el('dt', {}, 'Started'), el('dd', {}, `${W.fmtTime(i.createdAt)}${i.createdBy ? ' by ' + i.createdBy : ''}`),
                el('dt', {}, 'Finished'), el('dd', {}, i.finishedAt ? W.fmtTime(i.finishedAt) : '—'),
                el('dt', {}, 'Decision'), el('dd', {}, i.variables.decision && i.variables.decision.outcome ? W.badge(i.variables.decision.outcome) : '—'),
                i.fault ? el('dt', {}, 'Fault') : '', i.fault ? el('dd', { class: 'ae-error' }, i.fault) : '',
                el('dt', {}, 'Id'), el('dd', { class: 'ae-mono' }, i.id));
            document.getElementById('app-current').replaceChildren(i.currentActivities.length === 0
                ? el('p', { class: 'ae-empty' }, i.status === 'Finished' ? 'Finished: nothing is waiting.' : 'Nothing is waiting.')
                : W.table([
                    { title: 'Step', cell: a => a.name || a.activityId },
                    { title: 'Waiting for', cell: a => a.waiting },
                    { title: 'Since', cell: a => W.fmtTime(a.since), class: 'ae-nowrap' },
                ], i.currentActivities));
            const c = i.variables.certificate;
            document.getElementById('app-certificate').replaceChildren(c && c.number
                ? el('p', {}, 'Certificate ', el('a', { href: '/verify/' + encodeURIComponent(c.number), id: 'app-certificate-link' }, c.number),
                    el('span', { class: 'ae-muted' }, ` · ${c.holder || ''}, valid ${W.fmtDate(c.validFrom)} to ${W.fmtDate(c.validUntil)}`))
                : '');
        }

        function renderDeadlines(deadlines) {
            document.getElementById('app-deadlines').replaceChildren(W.table([
                { title: 'Deadline', cell: d => el('span', {}, d.label, el('br'), el('small', {}, d.kind + (d.department ? ' · ' + d.department : ''))) },
                { title: 'Start', cell: d => W.fmtDate(d.startDate), class: 'ae-nowrap' },
                { title: 'Due', cell: d => W.fmtDate(d.dueDate), class: 'ae-nowrap' },
                { title: 'Working days', cell: d => progress(d) },
                { title: 'State', cell: d => W.badge(d.state) },
                { title: 'Pauses and extensions', cell: d => el('span', {}, ...d.pausedPeriods.map(p => el('div', {}, `${W.fmtDate(p.from)} – ${p.to ? W.fmtDate(p.to) : 'now'}: ${p.reason}`)),
                    d.extensionWorkingDays ? el('div', {}, `+${d.extensionWorkingDays} of max ${d.maxExtensionWorkingDays} working days`) : '') },
            ], deadlines, 'No deadlines: the clock starts when the window accepts the application.'));

            const statutory = deadlines.find(d => d.kind === 'Statutory' && !d.completedAt);
            const canClock = W.hasRole('clerk', 'admin') && !!statutory;
            document.getElementById('app-clock').hidden = !canClock;
            if (!canClock) return;
            const paused = statutory.state === 'paused';
            pause.hidden = paused;
            document.getElementById('app-resume-row').hidden = !paused;
            extend.hidden = !W.hasRole('admin');
        }

        function progress(d) {
            const total = d.limitWorkingDays + d.extensionWorkingDays;
            const share = total ? Math.min(100, 100 * d.workingDaysUsed / total) : 0;
            return el('span', { class: 'ae-nowrap' },
                el('span', { class: 'ae-progress ae-progress-' + d.state, title: `${d.workingDaysUsed} of ${total} working days used` }, el('span', { style: `width:${share}%` })),
                ` ${d.workingDaysUsed}/${total} used, ${d.workingDaysLeft} left`);
        }

        function renderJournal() {
            const all = showAll.checked;
            const shown = journal.filter(j => all || !ENGINE_STEPS.includes(j.eventName));
            document.getElementById('app-journal-count').textContent = `${shown.length} of ${journal.length} entries`;
            document.getElementById('app-journal').replaceChildren(...shown.map(j => {
                const p = j.payload && typeof j.payload === 'object' ? j.payload : {};
                const outcome = j.outcome || p.outcome;
                const isTask = j.eventName === 'Resumed' && p.taskId;
                const kind = j.eventName === 'Faulted' || j.eventName === 'DeadlineOverdue' || BAD.includes(outcome) ? 'ae-tl-bad'
                    : j.eventName === 'WorkflowFinished' || GOOD.includes(outcome) ? 'ae-tl-ok'
                        : ENGINE_STEPS.includes(j.eventName) ? 'ae-tl-quiet' : '';
                const who = p.actor || j.actor;
                const department = p.department || j.department;
                return el('li', { class: kind, 'data-event': j.eventName },
                    el('div', { class: 'ae-tl-when' }, `#${j.sequence} · ${W.fmtTime(j.timestamp)}${who ? ' · ' + who + (department ? ' (' + department + ')' : '') : ''}`),
                    el('div', { class: 'ae-tl-what' }, isTask ? 'Task completed' : (EVENTS[j.eventName] || j.eventName),
                        j.activityId ? ' · ' + (names[j.activityId] || j.activityId) : '', outcome ? ' ' : '', outcome ? W.badge(outcome) : ''),
                    p.opinion ? el('div', { class: 'ae-tl-text' }, p.opinion) : '',
                    Array.isArray(p.materials) && p.materials.length ? el('ul', { class: 'ae-chips' }, ...p.materials.map(m => el('li', {}, m))) : '',
                    // A suspension's message only repeats "waiting for Task"; the title already says what waits.
                    j.message && j.message !== p.opinion && j.eventName !== 'Suspended' ? el('div', { class: 'ae-tl-text ae-muted' }, j.message) : '');
            }));
        }

        function renderMaterials(materials, notices) {
            document.getElementById('app-materials').replaceChildren(W.table([
                { title: 'Material', cell: m => m.name },
                { title: 'File', cell: m => el('a', { href: '#', onclick: e => { e.preventDefault(); W.download(`${path}/materials/${encodeURIComponent(m.id)}/content`, m.fileName).catch(x => W.say(message, x.message, 'error')); } }, m.fileName) },
                { title: 'Uploaded', cell: m => `${W.fmtTime(m.uploadedAt)} · ${m.uploadedBy}` },
                { title: 'SHA-256', cell: m => el('span', { class: 'ae-mono', title: m.sha256 }, m.sha256.substring(0, 10) + '…') },
            ], materials, 'No materials uploaded.'));
            document.getElementById('app-notices').replaceChildren(notices.length === 0 ? '' : el('div', {},
                el('h3', {}, 'Correction notices'),
                ...notices.map(n => el('div', { class: 'ae-complete', style: 'margin-bottom:8px' },
                    el('div', { class: 'ae-task-head' }, n.resolvedAt ? W.badge('Resolved', 'ok') : W.badge('Awaiting materials', 'warn'),
                        el('span', { class: 'ae-muted' }, `${W.fmtTime(n.createdAt)} · ${n.requestedBy}`)),
                    n.opinion ? el('div', { class: 'ae-tl-text' }, n.opinion) : '',
                    el('ul', { class: 'ae-chips' }, ...(n.missing || []).map(m => el('li', {}, m)))))));
        }

        function renderSealed(documents) {
            document.getElementById('app-sealed').replaceChildren(documents.length === 0 ? el('p', { class: 'ae-empty' }, 'Nothing sealed yet.')
                : el('div', { class: 'ae-stack' }, ...documents.map(d => el('div', { class: 'ae-complete' },
                    el('div', { class: 'ae-task-head' }, el('strong', {}, d.kind), d.valid ? W.badge('valid', 'ok') : W.badge('invalid', 'bad'),
                        el('span', { class: 'ae-muted' }, `${d.signature.algorithm} · ${W.fmtTime(d.signature.signedAt)}`)),
                    d.valid ? '' : el('p', { class: 'ae-error' }, `${d.reason || ''} (${d.code || ''})`),
                    el('details', {}, el('summary', {}, 'Content and signature'),
                        el('pre', { class: 'ae-json' }, JSON.stringify({ content: d.content, signature: d.signature }, null, 2)))))));
        }
    });
})();
