// /applications: the list of applications (GET /api/instances) leading to each one's timeline.
(function () {
    'use strict';
    const W = window.Web;
    const { el } = W;
    const PAGE_SIZE = 20;

    W.start({ section: 'applications', roles: ['admin', 'designer', 'reviewer', 'auditor', 'clerk'] }, async () => {
        const filter = document.getElementById('apps-filter');
        const message = document.getElementById('apps-message');
        const params = new URLSearchParams(location.search);
        let page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);

        const definitions = await W.api('/api/definitions');
        filter.definitionId.append(...definitions.map(d => el('option', { value: d.definitionId }, d.name)));
        for (const name of ['status', 'definitionId', 'correlationId']) filter[name].value = params.get(name) || '';
        filter.addEventListener('submit', e => { e.preventDefault(); page = 0; load(); });
        filter.status.addEventListener('change', () => { page = 0; load(); });
        filter.definitionId.addEventListener('change', () => { page = 0; load(); });
        return load();

        async function load() {
            const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
            for (const name of ['status', 'definitionId', 'correlationId']) if (filter[name].value.trim()) query.set(name, filter[name].value.trim());
            history.replaceState(null, '', '/applications?' + query);
            let result;
            try { result = await W.api('/api/instances?' + query); }
            catch (e) { W.say(message, e.message, 'error'); return; }
            W.say(message, '');
            document.getElementById('apps-count').textContent = result.totalCount + ' applications';
            document.getElementById('apps-list').replaceChildren(W.table([
                { title: 'Correlation id', cell: i => el('a', { href: '/applications/' + encodeURIComponent(i.id) }, i.correlationId || '(none)') },
                { title: 'Process', cell: i => `${i.name} v${i.definitionVersion}` },
                { title: 'Status', cell: i => W.badge(i.status) },
                { title: 'Started', cell: i => W.fmtTime(i.createdAt), class: 'ae-nowrap' },
                { title: 'Last change', cell: i => W.fmtTime(i.updatedAt), class: 'ae-nowrap' },
                { title: 'Finished', cell: i => W.fmtTime(i.finishedAt), class: 'ae-nowrap' },
                { title: 'Id', cell: i => el('span', { class: 'ae-mono' }, i.id) },
            ], result.items, 'No applications match.'));
            document.getElementById('apps-pager').replaceChildren(
                result.totalCount > PAGE_SIZE ? W.pager(page, PAGE_SIZE, result.totalCount, p => { page = p; load(); }) : '');
        }
    });
})();
