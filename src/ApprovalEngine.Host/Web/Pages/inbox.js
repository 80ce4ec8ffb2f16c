// /inbox: a department's tasks (GET /api/tasks). Reviewers see their department only (the API decides), clerks the
// window's intake tasks, admins any department. Claim, release and complete; the API's message shows on the task.
(function () {
    'use strict';
    const W = window.Web;
    const { el } = W;
    const PAGE_SIZE = 10;
    // Colours for the outcome buttons: going ahead, sending back, refusing.
    const OUTCOME_KIND = {
        Approved: 'ok', Accepted: 'ok',
        NeedsCorrection: 'warn', CorrectionRequested: 'warn',
        Rejected: 'bad', Denied: 'bad', NotAccepted: 'bad',
    };

    W.start({ section: 'inbox', roles: ['reviewer', 'clerk', 'admin'] }, s => {
        const filter = document.getElementById('inbox-filter');
        const list = document.getElementById('inbox-tasks');
        const pagerSlot = document.getElementById('inbox-pager');
        const count = document.getElementById('inbox-count');
        const message = document.getElementById('inbox-message');
        const isAdmin = W.hasRole('admin');
        const params = new URLSearchParams(location.search);
        let page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);

        document.getElementById('inbox-department-field').hidden = !isAdmin;
        filter.status.value = params.get('status') || 'open';
        if (isAdmin) filter.department.value = params.get('department') || '';
        document.getElementById('inbox-scope').textContent = isAdmin ? 'Tasks of every department; filter by department.'
            : W.hasRole('reviewer') ? `Tasks of the ${s.department} department.`
                : 'Intake tasks at the service window.';

        filter.addEventListener('submit', e => { e.preventDefault(); page = 0; W.say(message, ''); load(); });
        filter.status.addEventListener('change', () => { page = 0; load(); });

        async function load() {
            const query = new URLSearchParams({ status: filter.status.value, page: String(page), pageSize: String(PAGE_SIZE) });
            if (isAdmin && filter.department.value.trim()) query.set('department', filter.department.value.trim());
            // Keep the filter in the address, so a reload or a shared link shows the same list.
            history.replaceState(null, '', '/inbox?' + query.toString());
            count.textContent = 'loading…';
            let result;
            try { result = await W.api('/api/tasks?' + query); }
            catch (e) { count.textContent = ''; W.say(message, e.message, 'error'); return; }
            if (result.items.length === 0 && page > 0 && result.totalCount > 0) { page = 0; return load(); }
            count.textContent = result.totalCount + (result.totalCount === 1 ? ' task' : ' tasks');
            list.replaceChildren(...(result.items.length ? result.items.map(taskCard)
                : [el('p', { class: 'ae-empty ae-panel' }, `No ${filter.status.value} tasks.`)]));
            pagerSlot.replaceChildren(result.totalCount > PAGE_SIZE ? W.pager(page, PAGE_SIZE, result.totalCount, p => { page = p; load(); }) : '');
        }

        function taskCard(t) {
            const done = t.status === 'Completed' || t.status === 'Cancelled';
            const slot = el('p', { class: 'ae-message', role: 'alert' });
            const card = el('article', {
                class: 'ae-task' + (t.isOverdue && !done ? ' ae-task-overdue' : '') + (done ? ' ae-task-done' : ''),
                'data-task-id': t.id, 'data-department': t.department,
            });
            const head = el('div', { class: 'ae-task-head' },
                el('h3', {}, t.title), W.badge(t.department, 'info'), W.badge(t.status),
                t.isOverdue && !done ? W.badge('Overdue', 'bad') : '',
                el('span', { class: 'ae-muted', style: 'margin-left:auto' }, t.dueDate ? 'Due ' + W.fmtDate(t.dueDate) : 'No deadline'));
            const meta = el('div', { class: 'ae-task-meta' },
                el('span', {}, 'Process ', el('b', {}, t.definitionId)),
                el('span', {}, 'Application ', el('a', { href: '/applications/' + encodeURIComponent(t.instanceId) }, t.correlationId || t.instanceId)),
                t.round > 1 ? el('span', {}, 'Round ', el('b', {}, t.round)) : '',
                t.deadlineWorkingDays ? el('span', {}, 'Limit ', el('b', {}, t.deadlineWorkingDays + ' working days')) : '',
                el('span', {}, 'Opened ' + W.fmtTime(t.createdAt)),
                t.claimedBy && !done ? el('span', {}, 'Claimed by ', el('b', {}, t.claimedBy)) : '');

            const left = el('div', {},
                t.instructions ? el('p', { class: 'ae-task-instructions' }, t.instructions) : '',
                t.requiredMaterials.length ? el('div', {}, el('h3', {}, 'Required materials'),
                    el('ul', { class: 'ae-chips' }, ...t.requiredMaterials.map(m => el('li', {}, m)))) : '',
                reviews(t.context));
            const right = done ? completion(t) : completeForm(t, slot);
            card.append(head, meta, el('div', { class: 'ae-task-body' }, left, right), slot);
            return card;
        }

        // A decision task carries the departments' reviews: the bureau decides on them.
        function reviews(context) {
            const r = context && context.reviews;
            if (!r || typeof r !== 'object' || Object.keys(r).length === 0) return '';
            return el('div', {}, el('h3', {}, 'Department reviews'), W.table([
                { title: 'Department', cell: ([d]) => d },
                { title: 'Outcome', cell: ([, v]) => v && v.outcome ? W.badge(v.outcome) : '' },
                { title: 'Opinion', cell: ([, v]) => (v && v.opinion) || '' },
            ], Object.entries(r)));
        }

        function completion(t) {
            return el('div', { class: 'ae-complete' },
                el('dl', { class: 'ae-facts' },
                    el('dt', {}, 'Outcome'), el('dd', {}, t.outcome ? W.badge(t.outcome) : '—'),
                    el('dt', {}, 'Opinion'), el('dd', {}, t.opinion || '—'),
                    el('dt', {}, 'Materials'), el('dd', {}, t.materials && t.materials.length ? t.materials.join(', ') : '—'),
                    el('dt', {}, 'By'), el('dd', {}, (t.completedBy || '') + (t.completedAt ? ', ' + W.fmtTime(t.completedAt) : ''))));
        }

        function completeForm(t, slot) {
            const opinion = el('textarea', { name: 'opinion', rows: '3', placeholder: 'Opinion: your findings; reasons are required to refuse or send back' });
            const materials = el('textarea', { name: 'materials', rows: '2', placeholder: 'Materials: comma or line separated; required when asking for corrections' });
            const agency = t.outcomes.includes('NotAccepted')
                ? el('input', { name: 'competentAgency', placeholder: 'the agency the applicant should turn to (when not accepting)' }) : null;
            const claim = el('button', { type: 'button', class: 'ae-btn ae-btn-secondary' }, t.status === 'Claimed' ? 'Release' : 'Claim');
            claim.addEventListener('click', async () => {
                const verb = t.status === 'Claimed' ? 'release' : 'claim';
                const ok = await W.act(claim, slot, () => W.api(`/api/tasks/${encodeURIComponent(t.id)}/${verb}`, { method: 'POST' }));
                if (ok) load();
            });
            const outcomeButtons = t.outcomes.map(o => {
                const b = el('button', { type: 'button', class: 'ae-btn ae-btn-' + (OUTCOME_KIND[o] || 'ok'), 'data-outcome': o }, o);
                b.addEventListener('click', async () => {
                    const body = { outcome: o, opinion: opinion.value.trim() || null, materials: W.splitList(materials.value) };
                    if (agency && agency.value.trim()) body.competentAgency = agency.value.trim();
                    const done = await W.act(b, slot, () => W.api(`/api/tasks/${encodeURIComponent(t.id)}/complete`, { json: body }));
                    if (done) {
                        W.say(message, `Completed "${t.title}" (${t.correlationId || t.instanceId}): ${o}.`, 'ok');
                        load();
                    }
                });
                return b;
            });
            return el('div', { class: 'ae-complete ae-stack' },
                el('label', {}, 'Opinion', opinion),
                el('label', {}, 'Materials', materials),
                agency ? el('label', {}, 'Competent agency', agency) : '',
                el('div', { class: 'ae-actions' }, claim, el('span', { class: 'ae-muted' }, 'Complete as:'), ...outcomeButtons));
        }

        return load();
    });
})();
