// ApprovalEngine host pages around the Elsa Studio custom elements. Studio has no login of its own and never
// refreshes tokens, so the page signs in, keeps the token, hands it to the element and sends the user back to
// /signin when it expires.
(function () {
    'use strict';
    const KEY = 'approvalengine.session';
    const DEMO_USERS = [
        { user: 'designer', roles: ['designer'], note: 'draws and saves process drafts' },
        { user: 'admin', roles: ['admin'], note: 'publishes and retracts versions' },
        { user: 'auditor', roles: ['auditor'], note: 'inspects history (read-only designer)' },
        { user: 'clerk', roles: ['clerk'], note: 'window clerk: starts applications' },
        { user: 'reviewer-fire', roles: ['reviewer'], department: 'fire', note: 'fire department reviewer' },
    ];
    const STAFF = ['admin', 'designer', 'reviewer', 'auditor', 'clerk'];
    // The header's sections and the roles that can use them. The API enforces the same rules; the header only
    // spares people links that would answer 403. Verify (the public certificate check) needs no sign-in.
    const SECTIONS = [
        { id: 'inbox', href: '/inbox', label: 'Inbox', roles: ['reviewer', 'clerk', 'admin'] },
        { id: 'intake', href: '/intake', label: 'Intake', roles: ['clerk', 'admin'] },
        { id: 'applications', href: '/applications', label: 'Applications', roles: STAFF },
        { id: 'dashboard', href: '/dashboard', label: 'Dashboard', roles: STAFF },
        { id: 'audit', href: '/audit', label: 'Audit', roles: ['auditor', 'admin'] },
        { id: 'admin', href: '/admin', label: 'Admin', roles: ['admin'] },
        { id: 'designer', href: '/designer', label: 'Processes', roles: ['designer', 'admin', 'auditor'] },
        { id: 'instances', href: '/instances', label: 'Instances', roles: STAFF },
        { id: 'verify', href: '/verify', label: 'Verify', roles: null },
    ];
    const body = document.body;
    const page = body.dataset.page;

    function sectionsFor(roles) {
        return SECTIONS.filter(x => x.roles === null || (roles || []).some(r => x.roles.includes(r)));
    }

    // Where a user lands after signing in without a returnUrl, and where the brand link goes: their first section.
    function homeFor(roles) {
        const first = sectionsFor(roles).find(x => x.roles !== null);
        return first ? first.href : '/signin';
    }

    function renderNav(s, active) {
        const nav = document.querySelector('.ae-bar nav');
        if (!nav) return;
        nav.replaceChildren(...sectionsFor(s ? s.roles : []).map(x =>
            el('a', { href: x.href, 'data-section': x.id, class: x.id === active ? 'active' : '' }, x.label)));
        const brand = document.querySelector('.ae-brand');
        if (brand) brand.setAttribute('href', s ? homeFor(s.roles) : '/signin');
    }

    function readSession() {
        try {
            const s = JSON.parse(localStorage.getItem(KEY) || 'null');
            if (s && s.token && Date.parse(s.expiresAt) > Date.now() + 30000) return s;
        } catch { /* corrupt entry: treat as signed out */ }
        return null;
    }

    function saveSession(s) { localStorage.setItem(KEY, JSON.stringify(s)); }

    function signOut() {
        localStorage.removeItem(KEY);
        location.assign('/signin');
    }

    function toSignIn() {
        const back = location.pathname + location.search;
        location.replace('/signin?returnUrl=' + encodeURIComponent(back));
    }

    // Only same-site paths, so a crafted link cannot bounce the user elsewhere after sign-in.
    function returnUrl(roles) {
        const home = homeFor(roles);
        const r = new URLSearchParams(location.search).get('returnUrl') || home;
        return r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/\\') ? r : home;
    }

    function el(tag, attrs, ...children) {
        const e = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) {
            if (k === 'class') e.className = v;
            else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
            else if (v !== null && v !== undefined) e.setAttribute(k, v);
        }
        for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
        return e;
    }

    function renderUser(s) {
        const slot = document.getElementById('ae-user');
        if (!slot) return;
        slot.replaceChildren();
        if (!s) { slot.append(el('a', { href: '/signin' }, 'Sign in')); return; }
        const who = s.user + ' · ' + s.roles.join(', ') + (s.department ? ' (' + s.department + ')' : '');
        slot.append(el('span', { class: 'ae-who', title: 'Token valid until ' + new Date(s.expiresAt).toLocaleString() }, who),
            el('button', { type: 'button', class: 'ae-link', onclick: signOut }, 'Sign out'));
    }

    // ---------- sign-in page ----------
    function signInPage() {
        const error = document.getElementById('ae-error');
        const showError = m => { error.textContent = m; };
        const current = readSession();
        renderNav(current, null);
        renderUser(current);
        const list = document.getElementById('ae-users');
        // The server's demo users (the same people its demo data uses) when it lists them; else a minimal set.
        fetch('/api/dev/users').then(r => r.ok ? r.json() : []).catch(() => []).then(users => {
            const choices = Array.isArray(users) && users.length > 0
                ? users.map(u => ({ user: u.user, roles: [u.role], department: u.department || null, note: u.description || '' }))
                : DEMO_USERS;
            for (const u of choices) {
                list.append(el('button', { type: 'button', class: 'ae-user-choice', 'data-user': u.user, 'data-role': u.roles[0], onclick: () => devSignIn(u) },
                    el('strong', {}, u.user), el('span', {}, u.roles.join(', ') + (u.department ? ' · ' + u.department : '')),
                    el('small', {}, u.note)));
            }
        });
        document.getElementById('ae-custom-form').addEventListener('submit', e => {
            e.preventDefault();
            const f = new FormData(e.target);
            devSignIn({ user: f.get('user'), roles: f.getAll('roles'), department: f.get('department') || null });
        });
        document.getElementById('ae-token-form').addEventListener('submit', e => {
            e.preventDefault();
            const token = String(new FormData(e.target).get('token')).trim().replace(/^Bearer\s+/i, '');
            try {
                const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
                const roles = [].concat(claims.role || claims.roles || []);
                saveSession({ token, user: claims.name || claims.sub || 'user', roles, department: claims.department || null,
                    expiresAt: new Date((claims.exp || 0) * 1000).toISOString() });
                if (!readSession()) return showError('That token has expired.');
                location.assign(returnUrl(roles));
            } catch { showError('That is not a JSON Web Token.'); }
        });

        async function devSignIn(u) {
            showError('');
            let response;
            try {
                response = await fetch('/api/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' },
                    body: JSON.stringify({ user: u.user, roles: u.roles, department: u.department || null }) });
            } catch { return showError('The server cannot be reached.'); }
            if (response.status === 404) {
                document.getElementById('ae-paste').open = true;
                return showError('Development sign-in is off on this server. Use a token from your identity provider.');
            }
            const body = await response.json().catch(() => ({}));
            if (!response.ok) return showError(body.detail || body.title || ('Sign-in failed (' + response.status + ').'));
            saveSession({ token: body.token, expiresAt: body.expiresAt, user: u.user, roles: u.roles, department: u.department || null });
            location.assign(returnUrl(u.roles));
        }
    }

    // ---------- Studio pages ----------
    const ELEMENTS = {
        'definition-list': { tag: 'elsa-workflow-definition-list', section: 'designer' },
        'definition-editor': { tag: 'elsa-workflow-definition-editor', section: 'designer', idAttribute: 'definition-id' },
        'instance-list': { tag: 'elsa-workflow-instance-list', section: 'instances' },
        'instance-viewer': { tag: 'elsa-workflow-instance-viewer', section: 'instances', idAttribute: 'instance-id' },
    };

    function studioPage(s) {
        const spec = ELEMENTS[page];
        const main = document.getElementById('ae-main');
        const loading = document.getElementById('ae-loading');
        renderNav(s, spec.section);
        renderUser(s);
        if (body.dataset.assets !== 'ok') {
            loading.textContent = 'The Elsa Studio files are not installed on this server. Build the host (it runs npm ci in src/ApprovalEngine.Host/Studio) or set Studio:AssetsPath.';
            loading.classList.add('ae-error');
            return;
        }
        // The token must be on the element before Blazor starts: Studio reads it once, when the element initialises.
        const studio = el(spec.tag, { class: 'ae-studio ae-' + page, 'remote-endpoint': location.origin + '/elsa/api', 'access-token': s.token });
        if (spec.idAttribute) studio.setAttribute(spec.idAttribute, body.dataset.id);
        main.append(studio);
        new MutationObserver((_, observer) => {
            if (studio.childElementCount > 0) { loading.remove(); observer.disconnect(); }
        }).observe(studio, { childList: true });
        if (page === 'instance-viewer') main.append(journalPanel(s, body.dataset.id));

        // Navigation belongs to the host page. Set after the element is defined, so the element's own property setters receive them.
        customElements.whenDefined(spec.tag).then(() => {
            studio.editWorkflowDefinition = id => location.assign('/designer/' + encodeURIComponent(id));
            studio.viewWorkflowInstance = id => location.assign('/instances/' + encodeURIComponent(id));
            studio.workflowDefinitionExecuted = id => location.assign('/instances/' + encodeURIComponent(id));
        });
        // Studio cannot refresh tokens: send the user to sign in again when this one runs out.
        setTimeout(toSignIn, Math.max(0, Date.parse(s.expiresAt) - Date.now() - 30000));
        Blazor.start();
    }

    function journalPanel(s, instanceId) {
        const table = el('table', { class: 'ae-table', id: 'ae-journal' });
        const status = el('span', { class: 'ae-muted' });
        const panel = el('section', { class: 'ae-journal' },
            el('div', { class: 'ae-journal-head' }, el('h2', {}, 'Journal'), status,
                el('button', { type: 'button', class: 'ae-button', onclick: () => load() }, 'Refresh')),
            el('div', { class: 'ae-journal-scroll' }, table));
        async function load() {
            status.textContent = 'loading…';
            const response = await fetch('/api/instances/' + encodeURIComponent(instanceId) + '/journal', { headers: { authorization: 'Bearer ' + s.token } });
            if (response.status === 401) return toSignIn();
            if (!response.ok) { status.textContent = 'could not load the journal (' + response.status + ')'; return; }
            const rows = await response.json();
            status.textContent = rows.length + ' entries';
            table.replaceChildren(el('thead', {}, el('tr', {}, ...['#', 'Time', 'Activity', 'Event', 'Outcome', 'Message', 'By'].map(h => el('th', {}, h)))),
                el('tbody', {}, ...rows.map(r => el('tr', { class: 'ae-event-' + String(r.eventName).toLowerCase() },
                    el('td', {}, r.sequence),
                    el('td', { title: r.timestamp }, new Date(r.timestamp).toLocaleString()),
                    el('td', {}, r.activityId ? r.activityId + ' ' : '', r.activityType ? el('small', {}, r.activityType) : ''),
                    el('td', {}, r.eventName),
                    el('td', {}, r.outcome || ''),
                    el('td', {}, r.message || ''),
                    el('td', {}, r.actor || '')))));
        }
        load();
        return panel;
    }

    // Shared with the pages in /web/ (inbox, intake, audit, ...), which keep the same session and header.
    window.ApprovalEngine = { readSession, signOut, toSignIn, renderNav, renderUser, homeFor, el };
    if (page === 'signin') signInPage();
    else if (ELEMENTS[page]) {
        const s = readSession();
        if (!s) toSignIn();
        else studioPage(s);
    }
})();
