// /admin: the seal registry (create, rotate, revoke with a reason) and process versions (publish, retract, history).
(function () {
    'use strict';
    const W = window.Web;
    const { el } = W;

    W.start({ section: 'admin', roles: ['admin'] }, () => {
        const create = document.getElementById('admin-seal-create');
        const createMessage = document.getElementById('admin-seal-create-message');
        create.addEventListener('submit', async e => {
            e.preventDefault();
            const body = {
                department: create.department.value.trim(), name: create.name.value.trim(), profile: create.profile.value,
                departments: W.splitList(create.departments.value),
            };
            const seal = await W.act(create.querySelector('button'), createMessage, () => W.api('/api/seals', { json: body }));
            if (!seal) return;
            W.say(createMessage, `Registered "${seal.name}" (${seal.profile}); its key pair was generated on the server.`, 'ok');
            create.reset();
            loadSeals();
        });
        return Promise.all([loadSeals(), loadDefinitions()]);
    });

    async function loadSeals() {
        const message = document.getElementById('admin-seals-message');
        let seals;
        try { seals = await W.api('/api/seals'); }
        catch (e) { W.say(message, e.message, 'error'); return; }
        document.getElementById('admin-seals').replaceChildren(W.table([
            { title: 'Seal', cell: s => el('span', {}, s.name, el('br'), el('small', { class: 'ae-mono' }, s.id)) },
            { title: 'Department', cell: s => s.department },
            { title: 'Seals for', cell: s => s.departments.join(', ') || '—' },
            { title: 'Profile', cell: s => s.profile },
            { title: 'Current key', cell: s => currentKey(s) },
            { title: 'Status', cell: s => s.revokedAt ? el('span', {}, W.badge('revoked'), el('br'), el('small', {}, `${W.fmtTime(s.revokedAt)}: ${s.revocationReason || ''}`)) : W.badge('active') },
            { title: '', cell: s => s.revokedAt ? '' : actions(s, message) },
        ], seals, 'No seals yet: register the bureau seal before decisions can be sealed.'));
    }

    function currentKey(s) {
        const k = s.keys.find(x => x.id === s.currentKeyId);
        return k ? el('span', { class: 'ae-nowrap' }, `v${k.version} since ${W.fmtTime(k.validFrom)}`) : '—';
    }

    // Rotation keeps old signatures valid; revocation invalidates signatures made after it, so it needs a reason.
    function actions(s, message) {
        const rotate = el('button', { type: 'button', class: 'ae-btn ae-btn-secondary' }, 'Rotate key');
        rotate.addEventListener('click', async () => {
            if (await W.act(rotate, message, () => W.api(`/api/seals/${encodeURIComponent(s.id)}/rotate`, { method: 'POST' }), `Rotated the key of "${s.name}".`)) loadSeals();
        });
        const reason = el('input', { placeholder: 'reason for revocation', size: '22', 'aria-label': 'Reason for revoking ' + s.name });
        const revoke = el('button', { type: 'button', class: 'ae-btn ae-btn-danger' }, 'Revoke');
        revoke.addEventListener('click', async () => {
            if (await W.act(revoke, message, () => W.api(`/api/seals/${encodeURIComponent(s.id)}/revoke`, { json: { reason: reason.value.trim() || null } }), `Revoked "${s.name}".`)) loadSeals();
        });
        return el('div', { class: 'ae-actions' }, rotate, reason, revoke);
    }

    async function loadDefinitions() {
        const message = document.getElementById('admin-definitions-message');
        let definitions;
        try { definitions = await W.api('/api/definitions'); }
        catch (e) { W.say(message, e.message, 'error'); return; }
        const versions = {};
        await Promise.all(definitions.map(async d => {
            versions[d.definitionId] = await W.api(`/api/definitions/${encodeURIComponent(d.definitionId)}/versions`).catch(() => []);
        }));
        document.getElementById('admin-definitions').replaceChildren(W.table([
            { title: 'Process', cell: d => el('span', {}, d.name, el('br'), el('small', { class: 'ae-mono' }, d.definitionId)) },
            { title: 'Latest', cell: d => el('span', { class: 'ae-nowrap' }, `v${d.version} `, W.badge(d.state)) },
            { title: 'Published', cell: d => { const p = versions[d.definitionId].find(v => v.state === 'Published'); return p ? `v${p.version}, ${W.fmtTime(p.publishedAt)}` : '—'; } },
            { title: 'Last change', cell: d => `${W.fmtTime(d.updatedAt)}${d.updatedBy ? ' · ' + d.updatedBy : ''}` },
            { title: '', cell: d => definitionActions(d, versions[d.definitionId], message) },
        ], definitions, 'No processes.'));
    }

    function definitionActions(d, list, message) {
        const id = encodeURIComponent(d.definitionId);
        const publish = el('button', { type: 'button', class: 'ae-btn' }, `Publish v${d.version}`);
        publish.disabled = d.state !== 'Draft';
        publish.title = publish.disabled ? 'The latest version is not a draft.' : 'Publish the draft; running applications stay on their version.';
        publish.addEventListener('click', async () => {
            const r = await W.act(publish, message, () => W.api(`/api/definitions/${id}/publish`, { method: 'POST' }));
            if (r) { W.say(message, `Published ${r.definitionId} v${r.version}.`, 'ok'); loadDefinitions(); }
        });
        const retract = el('button', { type: 'button', class: 'ae-btn ae-btn-danger' }, 'Retract');
        retract.disabled = !list.some(v => v.state === 'Published');
        retract.title = 'No new applications can start on it; running ones continue.';
        retract.addEventListener('click', async () => {
            const r = await W.act(retract, message, () => W.api(`/api/definitions/${id}/retract`, { method: 'POST' }));
            if (r) { W.say(message, `Retracted ${r.definitionId} v${r.version}.`, 'ok'); loadDefinitions(); }
        });
        const history = el('button', { type: 'button', class: 'ae-btn ae-btn-secondary' }, 'Versions');
        history.addEventListener('click', () => showVersions(d, list));
        return el('div', { class: 'ae-actions' }, publish, retract, history, el('a', { href: '/designer/' + id }, 'Open in designer'));
    }

    function showVersions(d, list) {
        document.getElementById('admin-versions').replaceChildren(el('h3', {}, `Versions of ${d.name}`), W.table([
            { title: 'Version', cell: v => 'v' + v.version },
            { title: 'State', cell: v => W.badge(v.state) },
            { title: 'Name', cell: v => v.name },
            { title: 'Created', cell: v => W.fmtTime(v.createdAt), class: 'ae-nowrap' },
            { title: 'Updated', cell: v => `${W.fmtTime(v.updatedAt)}${v.updatedBy ? ' · ' + v.updatedBy : ''}` },
            { title: 'Published', cell: v => W.fmtTime(v.publishedAt), class: 'ae-nowrap' },
        ], list));
    }
})();
