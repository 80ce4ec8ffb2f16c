// /dashboard: the office's timeliness report (GET /api/reports/timeliness) as figures and bar charts, with its CSV.
(function () {
    'use strict';
    const W = window.Web;
    const { el } = W;

    W.start({ section: 'dashboard', roles: ['admin', 'designer', 'reviewer', 'auditor', 'clerk'] }, async () => {
        const filter = document.getElementById('dash-filter');
        const message = document.getElementById('dash-message');
        const params = new URLSearchParams(location.search);
        // The last twelve months by default, ending today. The office counts days at UTC+8 (the default
        // Deadlines:UtcOffset), which can already be tomorrow for this browser: take the later of the two days.
        const now = new Date();
        const today = [localDate(now), new Date(now.getTime() + 8 * 3600000).toISOString().substring(0, 10)].sort()[1];
        const yearAgo = new Date();
        yearAgo.setFullYear(yearAgo.getFullYear() - 1);
        filter.from.value = params.get('from') || localDate(yearAgo);
        filter.to.value = params.get('to') || today;

        const definitions = await W.api('/api/definitions');
        filter.definitionId.append(...definitions.map(d => el('option', { value: d.definitionId }, d.name)));
        filter.definitionId.value = params.get('definitionId') || '';
        document.getElementById('dash-export').replaceChildren(
            W.downloadButton('Export CSV', () => '/api/reports/timeliness?' + query({ format: 'csv' }), 'timeliness.csv', message));
        filter.addEventListener('submit', e => { e.preventDefault(); load(); });
        return load();

        function query(extra) {
            const q = new URLSearchParams({ from: filter.from.value, to: filter.to.value });
            if (filter.definitionId.value) q.set('definitionId', filter.definitionId.value);
            for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
            return q;
        }

        async function load() {
            history.replaceState(null, '', '/dashboard?' + query());
            let r;
            try { r = await W.api('/api/reports/timeliness?' + query()); }
            catch (e) { W.say(message, e.message, 'error'); return; }
            W.say(message, '');
            kpis(r);
            chart('chart-timeliness', timeliness(r));
            const byDepartment = {};
            for (const o of r.overdue) byDepartment[o.department || '(no department)'] = (byDepartment[o.department || '(no department)'] || 0) + 1;
            chart('chart-overdue', W.bars(Object.entries(byDepartment).sort((a, b) => b[1] - a[1]).map(([d, n]) => ({ label: d, value: n, kind: 'bad' })),
                { label: 'Overdue items by department', empty: 'Nothing is overdue.' }));
            chart('chart-steps', W.bars(averages(r.averageWorkingDaysPerStep), { label: 'Average working days per stage', empty: 'No stage was completed in this period.' }));
            chart('chart-departments', W.bars(averages(r.averageWorkingDaysPerDepartment), { label: 'Average working days per department', empty: 'No department completed a step in this period.' }));
            document.getElementById('dash-overdue').replaceChildren(W.table([
                { title: 'Deadline', cell: o => o.label },
                { title: 'Kind', cell: o => o.kind },
                { title: 'Department', cell: o => o.department || '—' },
                { title: 'Due', cell: o => W.fmtDate(o.dueDate), class: 'ae-nowrap' },
                { title: 'Completed', cell: o => o.completedOn ? W.fmtDate(o.completedOn) : W.badge('open', 'bad'), class: 'ae-nowrap' },
                { title: 'Working days late', cell: o => o.workingDaysOverdue },
                { title: 'Application', cell: o => el('a', { href: '/applications/' + encodeURIComponent(o.instanceId), class: 'ae-mono' }, o.instanceId.substring(0, 12) + '…') },
            ], r.overdue, 'Nothing is overdue.'));
        }

        function kpis(r) {
            const tile = (value, label, id) => el('div', { class: 'ae-kpi', id }, el('strong', {}, value), el('span', {}, label));
            document.getElementById('dash-kpis').replaceChildren(
                tile(String(r.completed), 'applications decided', 'kpi-completed'),
                tile(r.completed ? r.onTimeRate.toFixed(2) + '%' : '—', `on time (${r.onTime} of ${r.completed})`, 'kpi-on-time'),
                tile(r.completed ? r.completedAheadRate.toFixed(2) + '%' : '—', `completed ahead (${r.completedAhead} of ${r.completed})`, 'kpi-ahead'),
                tile(String(r.overdue.length), 'overdue items', 'kpi-overdue'));
        }

        // One stacked bar (ahead / on the due day / late) and the two rates as bars out of 100%.
        function timeliness(r) {
            if (!r.completed) return el('p', { class: 'ae-empty' }, 'No application was decided in this period.');
            const parts = [
                { label: 'ahead of the limit', n: r.completedAhead, colour: '#2e9a4b' },
                { label: 'on the last day', n: r.onTime - r.completedAhead, colour: '#2f6fb3' },
                { label: 'late', n: r.completed - r.onTime, colour: '#c4373e' },
            ];
            return el('div', {},
                el('div', { class: 'ae-stacked', role: 'img', 'aria-label': 'Decided applications: ahead, on the last day, late' },
                    ...parts.filter(p => p.n > 0).map(p => el('span', { class: 'ae-chart-bar', style: `width:${100 * p.n / r.completed}%;background:${p.colour}`, title: `${p.n} ${p.label}` }, String(p.n)))),
                el('div', { class: 'ae-legend' }, ...parts.map(p => el('span', {}, el('i', { style: 'background:' + p.colour }), `${p.label}: ${p.n}`))),
                el('div', { style: 'margin-top:14px' }, W.bars([
                    { label: 'On-time rate', value: r.onTimeRate, text: r.onTimeRate.toFixed(2) + '%', kind: 'ok' },
                    { label: 'Completed-ahead rate', value: r.completedAheadRate, text: r.completedAheadRate.toFixed(2) + '%', kind: 'ok' },
                ], { max: 100, label: 'On-time and completed-ahead rates' })));
        }

        function averages(list) {
            return list.slice().sort((a, b) => b.averageWorkingDays - a.averageWorkingDays)
                .map(a => ({ label: a.key, value: a.averageWorkingDays, text: `${a.averageWorkingDays} d`, title: `${a.count} completed` }));
        }

        function chart(id, content) {
            document.querySelector(`#${id} .ae-chart-body`).replaceChildren(content);
        }
    });

    function localDate(d) {
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }
})();
