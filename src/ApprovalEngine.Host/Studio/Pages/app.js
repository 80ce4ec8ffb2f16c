// ApprovalEngine host pages around the Elsa Studio custom elements. Studio has no login of its own and never
// refreshes tokens: the office front end's /signin (ClientApp) stores the session under KEY, this page reads it, hands it to the element and sends the user back to
// /signin when it expires.
(function () {
    'use strict';
    const KEY = 'approvalengine.session';
    const STAFF = ['admin', 'designer', 'reviewer', 'auditor', 'clerk'];
    // The header's sections and the roles that can use them. The API enforces the same rules; the header only
    // spares people links that would answer 403. Verify (the public certificate check) needs no sign-in.
    const SECTIONS = [
        { id: 'inbox', href: '/worklist', label: '待办工作台', roles: ['reviewer', 'clerk', 'admin'] },
        { id: 'intake', href: '/intake', label: '收件受理', roles: ['clerk', 'admin'] },
        { id: 'applications', href: '/applications', label: '办件查询', roles: STAFF },
        { id: 'dashboard', href: '/dashboard', label: '数据看板', roles: STAFF },
        { id: 'audit', href: '/audit', label: '审计', roles: ['auditor', 'admin'] },
        { id: 'admin', href: '/admin', label: '系统管理', roles: ['admin'] },
        { id: 'designer', href: '/designer', label: '流程设计器', roles: ['designer', 'admin', 'auditor'] },
        { id: 'instances', href: '/instances', label: '流程实例', roles: STAFF },
        { id: 'verify', href: '/verify', label: '证照核验', roles: null },
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

    function signOut() {
        localStorage.removeItem(KEY);
        location.assign('/signin');
    }

    function toSignIn() {
        const back = location.pathname + location.search;
        location.replace('/signin?returnUrl=' + encodeURIComponent(back));
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
        if (!s) { slot.append(el('a', { href: '/signin' }, '登录')); return; }
        const who = s.user + ' · ' + s.roles.join(', ') + (s.department ? ' (' + s.department + ')' : '');
        slot.append(el('span', { class: 'ae-who', title: 'Token valid until ' + new Date(s.expiresAt).toLocaleString() }, who),
            el('button', { type: 'button', class: 'ae-link', onclick: signOut }, '退出登录'));
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
        // Studio 3.8 has one switch for editing (the definition's "publish" link) and draws Publish and Run for everyone who
        // may edit. Designers edit drafts but may not publish (admin) or start applications (clerk, admin): app.css hides
        // the buttons they cannot use, and the API answers a forced call with a problem Studio shows as a message.
        const roles = s.roles || [];
        body.classList.toggle('ae-can-publish', roles.includes('admin'));
        body.classList.toggle('ae-can-run', roles.includes('admin') || roles.includes('clerk'));
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

    // Our journal (who did what, with outcomes) as a drawer over the right edge, closed by default: Studio's viewer sizes
    // itself to the window, so a panel below it covered Studio's own journal. The header button and #journal (the target of
    // Studio's "open filtered logs" link, see StudioPages) open it.
    function journalPanel(s, instanceId) {
        const table = el('table', { class: 'ae-table', id: 'ae-journal' });
        const status = el('span', { class: 'ae-muted' });
        let loaded = false;
        const panel = el('aside', { class: 'ae-journal', id: 'ae-journal-panel', hidden: '' },
            el('div', { class: 'ae-journal-head' }, el('h2', {}, '办理日志'), status,
                el('button', { type: 'button', class: 'ae-button', onclick: () => load() }, '刷新'),
                el('button', { type: 'button', class: 'ae-button', 'data-action': 'close-journal', onclick: () => toggle(false) }, '关闭')),
            el('div', { class: 'ae-journal-scroll' }, table));
        const opener = el('button', { type: 'button', class: 'ae-link', id: 'ae-journal-toggle', onclick: () => toggle(panel.hidden) }, '办理日志');
        document.getElementById('ae-user')?.before(opener);
        function toggle(open) {
            panel.hidden = !open;
            opener.classList.toggle('active', open);
            if (open && !loaded) load();
        }
        async function load() {
            loaded = true;
            status.textContent = '加载中…';
            const response = await fetch('/api/instances/' + encodeURIComponent(instanceId) + '/journal', { headers: { authorization: 'Bearer ' + s.token } });
            if (response.status === 401) return toSignIn();
            if (!response.ok) { status.textContent = '无法加载日志（' + response.status + '）'; return; }
            const rows = await response.json();
            status.textContent = '共 ' + rows.length + ' 条';
            table.replaceChildren(el('thead', {}, el('tr', {}, ...['#', '时间', '环节', '事件', '结果', '说明', '操作人'].map(h => el('th', {}, h)))),
                el('tbody', {}, ...rows.map(r => el('tr', { class: 'ae-event-' + String(r.eventName).toLowerCase() },
                    el('td', {}, r.sequence),
                    el('td', { title: r.timestamp }, new Date(r.timestamp).toLocaleString()),
                    el('td', {}, r.activityId ? r.activityId + ' ' : '', r.activityType ? el('small', {}, r.activityType) : ''),
                    el('td', {}, r.eventName),
                    el('td', {}, r.outcome || ''),
                    el('td', {}, r.message || ''),
                    el('td', {}, r.actor || '')))));
        }
        toggle(location.hash === '#journal');
        window.addEventListener('hashchange', () => { if (location.hash === '#journal') toggle(true); });
        return panel;
    }

    // The designer pages' session helpers (the office front end reads the same session entry).
    window.ApprovalEngine = { readSession, signOut, toSignIn, renderNav, renderUser, homeFor, el };
    if (ELEMENTS[page]) {
        const s = readSession();
        if (!s) toSignIn();
        else studioPage(s);
    }
})();
