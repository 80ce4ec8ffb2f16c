// /audit: for auditors (and admins). Chain verification (GET /api/audit/verify), history search with exports
// (GET /api/audit), certificate checks (the public endpoints) and the seal registry (GET /api/seals).
(function () {
    'use strict';
    const W = window.Web;
    const { el } = W;
    const PAGE_SIZE = 25;

    W.start({ section: 'audit', roles: ['auditor', 'admin'] }, () => {
        const params = new URLSearchParams(location.search);
        setUpVerification(params.get('instanceId') || '');
        setUpCertificates();
        setUpHistory(params);
        return loadSeals();
    });

    function setUpVerification(instanceId) {
        const form = document.getElementById('audit-verify');
        const verdicts = document.getElementById('audit-verdicts');
        const message = document.getElementById('audit-verify-message');
        const system = document.getElementById('audit-verify-system');
        form.instanceId.value = instanceId;

        form.addEventListener('submit', e => {
            e.preventDefault();
            const id = form.instanceId.value.trim();
            verify(form.querySelector('button[type=submit]'), id, 'instance');
        });
        system.addEventListener('click', () => verify(system, '', 'system'));

        async function verify(button, id, chain) {
            const result = await W.act(button, message, () => W.api('/api/audit/verify' + (id ? '?instanceId=' + encodeURIComponent(id) : '')));
            if (!result) return;
            const what = chain === 'system' ? 'System chain' : `Application chain ${id}`;
            const at = new Date().toLocaleTimeString();
            // Newest first; earlier checks stay for comparison.
            verdicts.prepend(result.ok
                ? W.verdict(true, `${what}: verified`, `ok · ${result.records} records, every hash and link recomputed (${at}).`, { 'data-chain': chain })
                : W.verdict(false, `${what}: broken`, `First broken link at sequence ${result.firstBrokenSequence}: ${result.problem || 'hash mismatch'} (${result.records} records, ${at}).`, { 'data-chain': chain }));
        }
    }

    function setUpCertificates() {
        const form = document.getElementById('audit-certificate');
        const documentForm = document.getElementById('audit-document');
        const slot = document.getElementById('audit-certificate-result');
        const message = document.getElementById('audit-certificate-message');

        form.addEventListener('submit', async e => {
            e.preventDefault();
            slot.replaceChildren();
            const number = form.number.value.trim();
            const result = await W.act(form.querySelector('button'), message, () => W.api('/api/public/certificates/' + encodeURIComponent(number)));
            if (result) slot.replaceChildren(W.certificateView(result), el('p', {}, el('a', { href: '/verify/' + encodeURIComponent(number) }, 'Public verification page')));
        });
        documentForm.addEventListener('submit', async e => {
            e.preventDefault();
            slot.replaceChildren();
            let doc;
            try { doc = JSON.parse(documentForm.document.value); }
            catch (x) { W.say(message, 'That is not JSON: ' + x.message, 'error'); return; }
            const result = await W.act(documentForm.querySelector('button'), message, () => W.api('/api/public/verify', { json: doc }));
            if (result) slot.replaceChildren(W.certificateView(result));
        });
    }

    function setUpHistory(params) {
        const form = document.getElementById('audit-search');
        const message = document.getElementById('audit-search-message');
        const fields = ['instanceId', 'actor', 'action', 'from', 'to'];
        let page = 0;
        for (const f of fields) if (params.get(f)) form[f].value = params.get(f);

        // datetime-local is the user's local time; the API takes an instant.
        function query(extra) {
            const q = new URLSearchParams(extra);
            for (const f of fields) {
                const v = form[f].value.trim();
                if (!v) continue;
                q.set(f, f === 'from' || f === 'to' ? new Date(v).toISOString() : v);
            }
            return q;
        }

        document.getElementById('audit-exports').replaceChildren(el('span', { class: 'ae-actions' },
            W.downloadButton('Export CSV', () => '/api/audit?' + query({ format: 'csv' }), 'audit.csv', message),
            W.downloadButton('Export JSON', () => '/api/audit?' + query({ format: 'json' }), 'audit.json', message)));
        form.addEventListener('submit', e => { e.preventDefault(); page = 0; load(); });
        load();

        async function load() {
            let result;
            try { result = await W.api('/api/audit?' + query({ page: String(page), pageSize: String(PAGE_SIZE) })); }
            catch (e) { W.say(message, e.message, 'error'); return; }
            W.say(message, '');
            document.getElementById('audit-count').textContent = result.totalCount + ' records';
            document.getElementById('audit-results').replaceChildren(W.table([
                { title: 'Time', cell: r => W.fmtTime(r.timestamp), class: 'ae-nowrap' },
                { title: 'Chain', cell: r => r.instanceId ? el('a', { href: '/applications/' + encodeURIComponent(r.instanceId), class: 'ae-mono', title: r.chain }, r.chain.substring(0, 10) + '…') : el('span', { class: 'ae-muted' }, r.chain) },
                { title: '#', cell: r => r.sequence },
                { title: 'Actor', cell: r => el('span', {}, r.actor, el('br'), el('small', {}, r.roles + (r.department ? ' · ' + r.department : ''))) },
                { title: 'Action', cell: r => el('span', { class: 'ae-mono' }, r.action) },
                // The chain column already names the application: the target only needs the step.
                { title: 'Target', cell: r => el('span', { class: 'ae-mono', title: r.target }, short(r.instanceId ? r.target.replace('instance:' + r.instanceId, 'instance') : r.target, 36)) },
                { title: 'Summary', cell: r => el('span', { title: r.summary }, short(summary(r.summary), 120)) },
                { title: 'Hash', cell: r => el('span', { class: 'ae-mono', title: `hash ${r.hash}\nprevious ${r.previousHash}` }, r.hash.substring(0, 10) + '…') },
            ], result.items, 'No audit records match.'));
            document.getElementById('audit-pager').replaceChildren(
                result.totalCount > PAGE_SIZE ? W.pager(page, PAGE_SIZE, result.totalCount, p => { page = p; load(); }) : '');
        }
    }

    async function loadSeals() {
        const message = document.getElementById('audit-seals-message');
        let seals;
        try { seals = await W.api('/api/seals'); }
        catch (e) { W.say(message, e.message, 'error'); return; }
        document.getElementById('audit-seals').replaceChildren(W.table([
            { title: 'Seal', cell: s => el('span', {}, s.name, el('br'), el('small', { class: 'ae-mono' }, s.id)) },
            { title: 'Department', cell: s => s.department },
            { title: 'Seals for', cell: s => s.departments.join(', ') || '—' },
            { title: 'Profile', cell: s => s.profile },
            { title: 'Keys', cell: s => el('span', {}, ...s.keys.slice().sort((a, b) => b.version - a.version).map(k => el('div', { class: 'ae-nowrap' },
                `v${k.version} from ${W.fmtTime(k.validFrom)}${k.validUntil ? ' until ' + W.fmtTime(k.validUntil) : ''}`, k.id === s.currentKeyId ? ' (current)' : ''))) },
            { title: 'Registered', cell: s => `${W.fmtTime(s.createdAt)} · ${s.createdBy}` },
            { title: 'Status', cell: s => s.revokedAt ? el('span', {}, W.badge('revoked'), ' ', W.fmtTime(s.revokedAt), el('br'), el('small', {}, s.revocationReason || '')) : W.badge('active') },
        ], seals, 'No seals are registered.'));
    }

    // Summaries are JSON: a state change reads better as "Suspended → Finished · Approved: opinion".
    function summary(text) {
        let s;
        try { s = JSON.parse(text); } catch { return text; }
        if (!s || typeof s !== 'object') return text;
        const parts = [];
        if ('after' in s) parts.push(`${s.before || '—'} → ${s.after}`);
        if (s.outcome) parts.push(s.outcome + (s.opinion ? ': ' + s.opinion : ''));
        for (const [k, v] of Object.entries(s)) {
            if (['before', 'after', 'events', 'outcome', 'opinion'].includes(k) || v === null) continue;
            parts.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
        }
        return parts.join(' · ') || text;
    }

    function short(text, n) { text = String(text || ''); return text.length > n ? text.substring(0, n - 1) + '…' : text; }
})();
