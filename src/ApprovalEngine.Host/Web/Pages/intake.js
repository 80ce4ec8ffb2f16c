// /intake: the service window. Start an application (POST /api/instances), then for the selected application
// upload materials (multipart), read its correction notices and resubmit it once the missing materials are in.
(function () {
    'use strict';
    const W = window.Web;
    const { el } = W;
    const PAGE_SIZE = 8;

    W.start({ section: 'intake', roles: ['clerk', 'admin'] }, async () => {
        const startForm = document.getElementById('intake-start');
        const startMessage = document.getElementById('intake-start-message');
        const search = document.getElementById('intake-search');
        const listSlot = document.getElementById('intake-list');
        const pagerSlot = document.getElementById('intake-pager');
        const listMessage = document.getElementById('intake-list-message');
        const selectedPanel = document.getElementById('intake-selected');
        const upload = document.getElementById('intake-upload');
        const uploadMessage = document.getElementById('intake-upload-message');
        const resubmit = document.getElementById('intake-resubmit');
        const resubmitMessage = document.getElementById('intake-resubmit-message');
        let page = 0;
        let selected = new URLSearchParams(location.search).get('id');

        search.addEventListener('submit', e => { e.preventDefault(); page = 0; loadList(); });

        startForm.addEventListener('submit', async e => {
            e.preventDefault();
            const f = new FormData(startForm);
            const input = { applicant: f.get('applicant').trim() };
            if (f.get('project').trim()) input.project = f.get('project').trim();
            const created = await W.act(startForm.querySelector('button'), startMessage, () => W.api('/api/instances', {
                json: { definitionId: f.get('definitionId'), correlationId: f.get('correlationId').trim(), input },
            }));
            if (!created) return;
            W.say(startMessage, `Started ${f.get('correlationId').trim()}; it waits for acceptance in the inbox.`, 'ok');
            startForm.reset();
            startForm.definitionId.value = f.get('definitionId');
            page = 0;
            select(created.id);
            loadList();
        });

        upload.addEventListener('submit', async e => {
            e.preventDefault();
            const form = new FormData(upload);
            const done = await W.act(upload.querySelector('button'), uploadMessage,
                () => W.api(`/api/instances/${encodeURIComponent(selected)}/materials`, { form }));
            if (!done) return;
            W.say(uploadMessage, `Stored "${done.name}" (${done.fileName}, ${size(done.size)}).`, 'ok');
            upload.reset();
            loadSelected();
        });

        resubmit.addEventListener('click', async () => {
            const done = await W.act(resubmit, resubmitMessage, () => W.api(`/api/instances/${encodeURIComponent(selected)}/resubmission`, { method: 'POST' }));
            if (!done) return;
            W.say(resubmitMessage, `Resubmitted: the application is ${done.status} again.`, 'ok');
            loadSelected();
            loadList();
        });

        await Promise.all([loadProcesses(), loadList()]);
        if (selected) select(selected);

        // Only processes with a published version can be started; the latest version may be a newer draft.
        async function loadProcesses() {
            const latest = await W.api('/api/definitions');
            const startable = [];
            for (const d of latest) {
                if (d.isPublished) { startable.push(d); continue; }
                const versions = await W.api(`/api/definitions/${encodeURIComponent(d.definitionId)}/versions`).catch(() => []);
                if (versions.some(v => v.state === 'Published')) startable.push(d);
            }
            startForm.definitionId.replaceChildren(...startable.map(d => el('option', { value: d.definitionId }, `${d.name} (${d.definitionId})`)));
            if (startable.length === 0) W.say(startMessage, 'No process is published yet: an admin publishes one on the Admin page.', 'error');
        }

        async function loadList() {
            const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
            const correlationId = search.correlationId.value.trim();
            if (correlationId) query.set('correlationId', correlationId);
            let result;
            try { result = await W.api('/api/instances?' + query); }
            catch (e) { W.say(listMessage, e.message, 'error'); return; }
            W.say(listMessage, '');
            listSlot.replaceChildren(W.table([
                { title: 'Correlation id', cell: i => el('a', { href: '/applications/' + encodeURIComponent(i.id) }, i.correlationId || i.id) },
                { title: 'Process', cell: i => i.name },
                { title: 'Status', cell: i => W.badge(i.status) },
                { title: 'Started', cell: i => W.fmtTime(i.createdAt), class: 'ae-nowrap' },
                { title: '', cell: i => el('button', { type: 'button', class: 'ae-btn ae-btn-secondary', onclick: () => select(i.id) }, 'Materials') },
            ], result.items, correlationId ? `No application with correlation id ${correlationId}.` : 'No applications yet.'));
            listSlot.querySelectorAll('tbody tr').forEach((tr, n) => tr.classList.toggle('ae-selected', result.items[n].id === selected));
            pagerSlot.replaceChildren(result.totalCount > PAGE_SIZE ? W.pager(page, PAGE_SIZE, result.totalCount, p => { page = p; loadList(); }) : '');
        }

        function select(id) {
            selected = id;
            history.replaceState(null, '', '/intake?id=' + encodeURIComponent(id));
            [uploadMessage, resubmitMessage].forEach(m => W.say(m, ''));
            selectedPanel.hidden = false;
            loadSelected().then(() => selectedPanel.scrollIntoView({ behavior: 'smooth', block: 'start' }));
        }

        async function loadSelected() {
            const id = selected;
            const facts = document.getElementById('intake-facts');
            let instance, materials, notices;
            try {
                [instance, materials, notices] = await Promise.all([
                    W.api(`/api/instances/${encodeURIComponent(id)}`),
                    W.api(`/api/instances/${encodeURIComponent(id)}/materials`),
                    W.api(`/api/instances/${encodeURIComponent(id)}/correction-notices`),
                ]);
            } catch (e) {
                facts.replaceChildren();
                W.say(uploadMessage, e.message, 'error');
                return;
            }
            if (id !== selected) return;
            document.getElementById('intake-selected-title').textContent = `Application ${instance.correlationId || instance.id}`;
            document.getElementById('intake-timeline-link').href = '/applications/' + encodeURIComponent(instance.id);
            facts.replaceChildren(
                el('dt', {}, 'Process'), el('dd', {}, `${instance.name} (v${instance.definitionVersion})`),
                el('dt', {}, 'Status'), el('dd', {}, W.badge(instance.status)),
                el('dt', {}, 'Applicant'), el('dd', {}, instance.input.applicant || '—'),
                el('dt', {}, 'Project'), el('dd', {}, instance.input.project || '—'),
                el('dt', {}, 'Waiting at'), el('dd', {}, instance.currentActivities.map(a => a.name || a.activityId).join(', ') || '—'));

            document.getElementById('intake-materials').replaceChildren(W.table([
                { title: 'Material', cell: m => m.name },
                { title: 'File', cell: m => el('a', { href: '#', onclick: e => { e.preventDefault(); W.download(`/api/instances/${encodeURIComponent(id)}/materials/${encodeURIComponent(m.id)}/content`, m.fileName); } }, m.fileName) },
                { title: 'Size', cell: m => size(m.size), class: 'ae-nowrap' },
                { title: 'SHA-256', cell: m => el('span', { class: 'ae-mono', title: m.sha256 }, m.sha256.substring(0, 12) + '…') },
                { title: 'Uploaded', cell: m => `${W.fmtTime(m.uploadedAt)} by ${m.uploadedBy}` },
            ], materials, 'No materials uploaded yet.'));

            const open = notices.filter(n => !n.resolvedAt);
            document.getElementById('intake-material-names').replaceChildren(...open.flatMap(n => n.missing || []).map(m => el('option', { value: m })));
            document.getElementById('intake-notices').replaceChildren(notices.length === 0 ? el('p', { class: 'ae-empty' }, 'No correction notices.')
                : el('div', { class: 'ae-stack' }, ...notices.map(n => el('div', { class: 'ae-complete' },
                    el('div', { class: 'ae-task-head' }, n.resolvedAt ? W.badge('Resolved', 'ok') : W.badge('Awaiting materials', 'warn'),
                        el('span', { class: 'ae-muted' }, `${W.fmtTime(n.createdAt)} by ${n.requestedBy}`)),
                    n.opinion ? el('p', { class: 'ae-task-instructions' }, n.opinion) : '',
                    el('ul', { class: 'ae-chips' }, ...(n.missing || []).map(m => el('li', {}, m)))))));
        }
    });

    function size(bytes) {
        return bytes < 1024 ? bytes + ' B' : bytes < 1048576 ? (bytes / 1024).toFixed(1) + ' KB' : (bytes / 1048576).toFixed(1) + ' MB';
    }
})();
